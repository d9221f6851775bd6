using GmcRL.Envs;
using GmcRL.Representation.Gmc;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Representation.Baselines;

/// <summary>
/// The fusion autoencoder baseline: GMC's joint encoder f_1:M and a head of GMC's sizes without normalisation give the
/// latent z = h(f_1:M(x_1:M)); one decoder per modality reconstructs every modality from z. Trained on complete
/// observations only, with loss mean_B sum_m lambda_m error_m (<see cref="Reconstruction"/>); at test time a missing
/// modality's input is zeros, as a typical fusion model without alignment would get it. The zeros are those of the
/// space the encoder reads: with standardised vectors (<see cref="GmcModelOptions.StandardizeVectors"/>) a missing
/// sound reads as the training mean, as zero-filling a standardised dataset would give; otherwise, as in the
/// reference's [0, 1]-scaled data, as raw zeros.
/// </summary>
/// <remarks>The submodule names (joint, head, decoders) are the checkpoint format.</remarks>
public sealed class FusionAutoencoder : BaselineModel
{
    private readonly JointEncoder joint;
    private readonly ProjectionHead head;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> decoders;

    /// <summary>A model for <paramref name="spec"/>, initialised as PyTorch does by default from <paramref name="seed"/>.</summary>
    public FusionAutoencoder(ObservationSpec spec, BaselineTrainingOptions options, int seed) : base(nameof(FusionAutoencoder), spec, options)
    {
        joint = new JointEncoder("joint", spec, Options.Model);
        head = new ProjectionHead("head", Options.Model, normalize: false);
        decoders = Reconstruction.Decoders(spec, Options.Model);
        RegisterComponents();
        Initialize(seed);
    }

    /// <summary>z = h(f_1:M(x_1:M)), [B, latent], of the inputs as given.</summary>
    public Tensor Encode(IReadOnlyList<Tensor> inputs)
    {
        using var h = joint.forward(inputs);
        return head.forward(h);
    }

    /// <inheritdoc/>
    /// <remarks>A missing modality's input is replaced by the encoder's zeros (see the class summary).</remarks>
    public override Tensor Features(IReadOnlyList<Tensor> inputs, Tensor presence)
    {
        using var scope = NewDisposeScope();
        var filled = new Tensor[inputs.Count];
        for (int m = 0; m < filled.Length; m++)
        {
            var x = inputs[m];
            var shape = Enumerable.Repeat(1L, (int)x.dim()).ToArray();
            shape[0] = x.shape[0];
            var present = presence.select(1, m).gt(Scalars.Zero).reshape(shape);
            filled[m] = where(present, x, joint.StandardZero(m, x));
        }
        return Encode(filled).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Tensor Loss(IReadOnlyList<Tensor> inputs, Generator noise)
    {
        using var scope = NewDisposeScope();
        var z = Encode(inputs);
        return Reconstruction.Weighted(decoders, Spec, z, inputs, Enumerable.Range(0, Spec.Count), Options.WeightOf)
            .mean().MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    /// <remarks>z(m) is the latent of the observation with every other modality filled with the encoder's zeros, as at
    /// test time.</remarks>
    public override (Tensor Loss, Tensor Complete, Tensor[] Singles) Validate(IReadOnlyList<Tensor> inputs)
    {
        using var scope = NewDisposeScope();
        var z = Encode(inputs);
        var loss = Reconstruction.Weighted(decoders, Spec, z, inputs, Enumerable.Range(0, Spec.Count), Options.WeightOf).mean();
        var singles = new Tensor[Spec.Count];
        for (int m = 0; m < singles.Length; m++)
        {
            var alone = inputs.Select((x, j) => j == m ? x : joint.StandardZero(j, x)).ToArray();
            singles[m] = nn.functional.normalize(Encode(alone), p: 2, dim: 1).MoveToOuterDisposeScope();
        }
        return (loss.MoveToOuterDisposeScope(), nn.functional.normalize(z, p: 2, dim: 1).MoveToOuterDisposeScope(), singles);
    }
}
