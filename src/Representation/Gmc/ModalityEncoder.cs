using GmcRL.Envs;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Representation.Gmc;

/// <summary>The base encoder f_m of one modality (docs/method.md §2): its trunk, then Linear(trunk -&gt; d).</summary>
internal sealed class ModalityEncoder : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> trunk;
    private readonly Linear output;

    public ModalityEncoder(string name, ModalitySpec modality, GmcModelOptions options) : base(name)
    {
        (trunk, int size) = Trunks.For(modality, options);
        output = nn.Linear(size, options.CommonDim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        // The wide Linear after the convolutions computes in their reduced precision too.
        if (trunk is ConvTrunk { ComputeType: ScalarType type } conv)
        {
            using var reduced = conv.Reduced(x);
            using var y = ReducedLinear.Forward(output, reduced, type);
            return y.to(ScalarType.Float32);
        }
        using var h = trunk.forward(x);
        return output.forward(h);
    }
}
