using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Representation.Gmc;

/// <summary>The vector trunk of GMC-SPEC §2: flatten, then Linear+Swish per hidden width.
/// Input [B, ...shape]; output [B, last hidden width].</summary>
internal sealed class MlpTrunk : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> layers;

    public MlpTrunk(string name, int inputSize, GmcModelOptions options) : base(name)
    {
        layers = new ModuleList<Linear>();
        int width = inputSize;
        foreach (int hidden in options.MlpHidden)
        {
            layers.Add(nn.Linear(width, hidden));
            width = hidden;
        }
        OutputSize = width;
        RegisterComponents();
    }

    /// <summary>Length of the output.</summary>
    public int OutputSize { get; }

    public override Tensor forward(Tensor x)
    {
        var h = x.flatten(1);
        bool owned = false;
        foreach (var layer in layers)
        {
            using var linear = layer.forward(h);
            if (owned) h.Dispose();
            h = nn.functional.silu(linear);
            owned = true;
        }
        return h;
    }
}
