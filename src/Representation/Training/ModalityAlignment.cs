namespace GmcRL.Representation.Training;

/// <summary>How well one modality's latent z(m) lands on the complete latent z(1:M), on held-out data.</summary>
/// <param name="Modality">The modality's name.</param>
/// <param name="PositiveCosine">Mean cosine between z(m) and z(1:M) of the same sample.</param>
/// <param name="RandomCosine">Mean cosine between z(m) and z(1:M) of a random other sample.</param>
/// <param name="Top1">Fraction of queries z(m) whose most similar z(1:M), among the retrieval samples, is their own.</param>
/// <param name="Top5">Fraction of queries whose own z(1:M) is among the 5 most similar.</param>
/// <param name="MedianAngleError">Median |angle(query) - angle(nearest complete latent)| in radians, wrapped to [0, pi];
/// null when the environment declares no angle in its true state.</param>
public sealed record ModalityAlignment(string Modality, double PositiveCosine, double RandomCosine, double Top1, double Top5,
    double? MedianAngleError);
