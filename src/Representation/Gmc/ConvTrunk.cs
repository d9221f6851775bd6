using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Representation.Gmc;

/// <summary>The image trunk of GMC-SPEC §2: Conv2d(frames-&gt;c1, 4, 2, 1, no bias), Swish,
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

    /// <summary>The first convolution's weight [c1, frames, 4, 4].</summary>
    public Tensor Weight1 => conv1.weight!;

    /// <summary>The second convolution's weight [c2, c1, 4, 4].</summary>
    public Tensor Weight2 => conv2.weight!;

    /// <summary>
    /// Two trunks of the same shape applied to the same input at once (the image encoder's and the joint encoder's):
    /// conv1 with both weights stacked (2 c1 output channels), then conv2 as a grouped convolution (groups = 2), so each
    /// half only sees its own trunk's channels. Equals (a.forward(x), b.forward(x)) with half the convolution calls.
    /// </summary>
    public static (Tensor A, Tensor B) ForwardPair(ConvTrunk a, ConvTrunk b, Tensor x)
    {
        long[] stride = [2, 2], padding = [1, 1], dilation = [1, 1];
        using var w1 = cat([a.Weight1, b.Weight1], 0);
        using var w2 = cat([a.Weight2, b.Weight2], 0);
        using var c1 = nn.functional.conv2d(x, w1, null, stride, padding, dilation, 1);
        using var h1 = nn.functional.silu(c1);
        using var c2 = nn.functional.conv2d(h1, w2, null, stride, padding, dilation, 2);
        using var h2 = nn.functional.silu(c2);
        var halves = h2.chunk(2, 1);
        try
        {
            return (halves[0].flatten(1), halves[1].flatten(1));
        }
        finally
        {
            foreach (var h in halves) h.Dispose();
        }
    }

    public override Tensor forward(Tensor x)
    {
        using var c1 = conv1.forward(x);
        using var h1 = nn.functional.silu(c1);
        using var c2 = conv2.forward(h1);
        using var h2 = nn.functional.silu(c2);
        return h2.flatten(1);
    }
}
