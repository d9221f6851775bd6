using GmcRL.Representation.Training;
using static TorchSharp.torch;

namespace GmcRL.Representation.Gmc;

/// <summary>GMC's training objective: the contrastive loss of the complete latent z(1:M) and each modality's z(m)
/// (docs/method.md §3), at temperature <paramref name="temperature"/>; validation reports the same latents.</summary>
internal sealed class GmcObjective(double temperature, GmcLossKind kind) : ITrainingObjective<GmcModel>
{
    public Tensor Loss(GmcModel model, IReadOnlyList<Tensor> inputs, Generator noise)
    {
        var (complete, singles) = model.Latents(inputs);
        return GmcLoss.Compute(complete, singles, temperature, kind);
    }

    public (Tensor? Loss, Tensor Complete, Tensor[] Singles) Validate(GmcModel model, IReadOnlyList<Tensor> inputs)
    {
        var (complete, singles) = model.Latents(inputs);
        var loss = complete.shape[0] >= 2 ? GmcLoss.Compute(complete, singles, temperature, kind) : null;
        return (loss, complete, singles);
    }
}
