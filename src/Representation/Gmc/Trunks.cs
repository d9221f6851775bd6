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
            case EncoderKind.Signal:
                var signal = new SignalTrunk("signal", modality.Shape, options);
                return (signal, signal.OutputSize);
        }
        var mlp = new MlpTrunk("mlp", modality.Name, modality.Length, options);
        return (mlp, mlp.OutputSize);
    }
}
