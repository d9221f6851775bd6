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
        using var h = trunk.forward(x);
        return output.forward(h);
    }
}
