using static TorchSharp.torch;

namespace GmcRL.Representation.Training;

/// <summary>What <see cref="RepresentationTrainer{TModel, TCheckpoint}"/> trains a model for: its loss on a batch of inputs
/// (float tensors [B, ...modality shape], one per modality) and, for validation, the latents whose alignment it reports.</summary>
internal interface ITrainingObjective<in TModel>
{
    /// <summary>The training loss of a batch (a scalar whose backward reaches every trained parameter);
    /// <paramref name="noise"/> draws any sampling noise the loss needs.</summary>
    Tensor Loss(TModel model, IReadOnlyList<Tensor> inputs, Generator noise);

    /// <summary>For held-out data, in eval mode under no_grad: the loss (null when the batch is too small for it) and
    /// the L2-normalised latents of the complete observations and of each modality alone, [B, latent] each.</summary>
    (Tensor? Loss, Tensor Complete, Tensor[] Singles) Validate(TModel model, IReadOnlyList<Tensor> inputs);
}
