using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Representation.Gmc;

/// <summary>The image trunk of docs/method.md §2: Conv2d(frames-&gt;c1, 4, 2, 1, no bias), Swish,
/// Conv2d(c1-&gt;c2, 4, 2, 1, no bias), Swish, flatten. Input [B, frames, H, W]; output [B, c2 (H/4) (W/4)].</summary>
internal sealed class ConvTrunk : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;

    public ConvTrunk(string name, IReadOnlyList<int> shape, GmcModelOptions options) : base(name)
    {
        conv1 = nn.Conv2d(shape[0], options.ConvChannels1, 4, stride: 2, padding: 1, bias: false);
        conv2 = nn.Conv2d(options.ConvChannels1, options.ConvChannels2, 4, stride: 2, padding: 1, bias: false);
        OutputSize = options.ConvChannels2 * (shape[1] / 4) * (shape[2] / 4);
        RegisterComponents();
    }

    /// <summary>Length of the flattened output.</summary>
    public int OutputSize { get; }

    public override Tensor forward(Tensor x)
    {
        using var c1 = conv1.forward(x);
        using var h1 = nn.functional.silu(c1);
        using var c2 = conv2.forward(h1);
        using var h2 = nn.functional.silu(c2);
        return h2.flatten(1);
    }
}
