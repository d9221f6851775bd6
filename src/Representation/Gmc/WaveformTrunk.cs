using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Representation.Gmc;

/// <summary>The trunk of a long 1-D signal (audio) read as its waveform (<see cref="SignalFeatures.Waveform"/>; the
/// default is <see cref="SpectrumTrunk"/>): the last dimension is time and every other one a channel (stacked
/// frames x microphones), then Conv1d(channels-&gt;c1, kernel 8, stride 4, pad 2, no bias), Swish,
/// Conv1d(c1-&gt;c2, 8, 4, 2, no bias), Swish, flatten: the image trunk's two strided convolutions along time, with a
/// wider kernel and stride since neighbouring audio samples say little alone. Input [B, ...shape]; output
/// [B, c2 L2] with L1 = floor((S - 4) / 4) + 1 and L2 likewise from L1.</summary>
internal sealed class WaveformTrunk : nn.Module<Tensor, Tensor>
{
    /// <summary>The fewest samples a signal trunk reads (both convolutions keep at least two steps).</summary>
    public const int MinSamples = 32;

    private const int Kernel = 8, Stride = 4, Padding = 2;

    private readonly Conv1d conv1;
    private readonly Conv1d conv2;
    private readonly long _channels;

    public WaveformTrunk(string name, IReadOnlyList<int> shape, GmcModelOptions options) : base(name)
    {
        _channels = shape.Take(shape.Count - 1).Aggregate(1L, (a, b) => a * b);
        Samples = shape[^1];
        conv1 = nn.Conv1d(_channels, options.ConvChannels1, Kernel, stride: Stride, padding: Padding, bias: false);
        conv2 = nn.Conv1d(options.ConvChannels1, options.ConvChannels2, Kernel, stride: Stride, padding: Padding, bias: false);
        OutputSize = options.ConvChannels2 * Length(Length(Samples));
        RegisterComponents();
    }

    /// <summary>Samples per channel.</summary>
    public int Samples { get; }

    /// <summary>Length of the flattened output.</summary>
    public int OutputSize { get; }

    // The output length of one convolution: floor((n + 2 padding - kernel) / stride) + 1.
    private static int Length(int n) => (n + 2 * Padding - Kernel) / Stride + 1;

    public override Tensor forward(Tensor x)
    {
        using var lines = x.reshape(x.shape[0], _channels, Samples);
        using var c1 = conv1.forward(lines);
        using var h1 = nn.functional.silu(c1);
        using var c2 = conv2.forward(h1);
        using var h2 = nn.functional.silu(c2);
        return h2.flatten(1);
    }
}
