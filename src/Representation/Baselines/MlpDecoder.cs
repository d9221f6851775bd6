using GmcRL.Representation.Gmc;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Representation.Baselines;

/// <summary>The vector decoder, the vector trunk of docs/method.md §2 run backwards: Linear+Swish per hidden width in reverse
/// order, then Linear(-&gt; modality length). Input [B, latent]; output [B, ...modality shape].</summary>
internal sealed class MlpDecoder : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> layers;
    private readonly Linear output;
    private readonly long[] _shape;

    public MlpDecoder(string name, IReadOnlyList<int> shape, GmcModelOptions options) : base(name)
    {
        _shape = shape.Select(d => (long)d).ToArray();
        layers = new ModuleList<Linear>();
        int width = options.LatentDim;
        foreach (int hidden in options.MlpHidden.Reverse())
        {
            layers.Add(nn.Linear(width, hidden));
            width = hidden;
        }
        output = nn.Linear(width, (int)_shape.Aggregate(1L, (a, b) => a * b));
        RegisterComponents();
    }

    public override Tensor forward(Tensor z)
    {
        using var scope = NewDisposeScope();
        var h = z;
        foreach (var layer in layers) h = nn.functional.silu(layer.forward(h));
        return output.forward(h).view([-1, .. _shape]).MoveToOuterDisposeScope();
    }
}
