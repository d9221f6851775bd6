using GmcRL.Envs;
using GmcRL.Representation.Gmc;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace GmcRL.Representation.Baselines;

/// <summary>The baselines' decoders and reconstruction errors: one decoder per modality (convolutional for images, an
/// MLP otherwise, mirroring the modality's encoder), and per sample the weighted sum over modalities of
/// lambda_m * error_m, where error_m is the binary cross-entropy of the decoder's logits summed over the elements of a
/// binary modality (UInt8 in [0, 1], the image) and the squared error summed over the elements otherwise (the sound),
/// as in MUSE's pendulum baselines.</summary>
internal static class Reconstruction
{
    /// <summary>The decoder list of a model for <paramref name="spec"/>.</summary>
    public static ModuleList<nn.Module<Tensor, Tensor>> Decoders(ObservationSpec spec, GmcModelOptions options)
    {
        var decoders = new ModuleList<nn.Module<Tensor, Tensor>>();
        foreach (var modality in spec.Modalities)
            decoders.Add(GmcModelOptions.KindOf(modality) == EncoderKind.Convolutional
                ? new ConvDecoder(modality.Name, modality.Shape, options)
                : new MlpDecoder(modality.Name, modality.Shape, options));
        return decoders;
    }

    /// <summary>Whether modality <paramref name="modality"/> is reconstructed with binary cross-entropy.</summary>
    public static bool IsBinary(ModalitySpec modality) =>
        modality.ElementType == ElementType.UInt8 && modality.Low >= 0 && modality.High <= 1;

    /// <summary>error_m per sample, [B]: <paramref name="output"/> is the decoder's output, <paramref name="target"/> the input.</summary>
    public static Tensor Error(ModalitySpec modality, Tensor output, Tensor target)
    {
        using var scope = NewDisposeScope();
        var elements = IsBinary(modality)
            ? nn.functional.binary_cross_entropy_with_logits(output, target, reduction: nn.Reduction.None)
            : output.sub(target).square();
        return elements.flatten(1).sum(1).MoveToOuterDisposeScope();
    }

    /// <summary>sum over the modalities in <paramref name="modalities"/> of lambda_m * error_m, per sample [B], for the
    /// latents <paramref name="z"/>.</summary>
    public static Tensor Weighted(ModuleList<nn.Module<Tensor, Tensor>> decoders, ObservationSpec spec, Tensor z,
        IReadOnlyList<Tensor> inputs, IEnumerable<int> modalities, Func<string, double> weight)
    {
        using var scope = NewDisposeScope();
        Tensor? total = null;
        foreach (int m in modalities)
        {
            var modality = spec.Modalities[m];
            using var lambda = Scalars.Of(weight(modality.Name));
            var error = Error(modality, decoders[m].forward(z), inputs[m]).mul_(lambda);
            total = total is null ? error : total.add_(error, Scalars.One);
        }
        return (total ?? zeros(z.shape[0], dtype: z.dtype, device: z.device)).MoveToOuterDisposeScope();
    }
}
