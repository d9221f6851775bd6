using GmcRL.Envs;
using static TorchSharp.torch;

namespace GmcRL.Representation.Gmc;

/// <summary>Builds the trunk (the base encoder without its last Linear) that a modality's kind calls for.</summary>
internal static class Trunks
{
    public static (nn.Module<Tensor, Tensor> Module, int OutputSize) For(ModalitySpec modality, GmcModelOptions options)
    {
        switch (GmcModelOptions.KindOf(modality))
        {
            case EncoderKind.Convolutional:
                var conv = new ConvTrunk("conv", modality.Shape, options);
                return (conv, conv.OutputSize);
            case EncoderKind.Signal when options.SignalFeatures == SignalFeatures.Spectrum:
                var spectrum = new SpectrumTrunk("signal", modality.Shape);
                return (spectrum, spectrum.OutputSize);
            case EncoderKind.Signal:
                var waveform = new WaveformTrunk("signal", modality.Shape, options);
                return (waveform, waveform.OutputSize);
        }
        var mlp = new MlpTrunk("mlp", modality.Name, modality.Length, options);
        return (mlp, mlp.OutputSize);
    }
}
