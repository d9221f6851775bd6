using TorchSharp;
using static TorchSharp.torch;

namespace GmcRL.Representation.Gmc;

/// <summary>The trunk of a long 1-D signal (audio) read as its spectrum (<see cref="SignalFeatures.Spectrum"/>): the
/// last dimension is time and every other one a channel (stacked frames x microphones); each channel's log-magnitude
/// spectrum log(|rfft(x)| + 0.001) at frequencies 1 .. S / 2 (the mean left out), flattened. Input [B, ...shape];
/// output [B, channels (S / 2)]. It has no parameters: the modality encoder's Linear reads it.</summary>
internal sealed class SpectrumTrunk : nn.Module<Tensor, Tensor>
{
    // Keeps the logarithm finite on a silent window (and bounds how quiet a frequency can look).
    private static readonly Scalar Floor = Scalars.Of(1e-3);

    private readonly long _channels;

    public SpectrumTrunk(string name, IReadOnlyList<int> shape) : base(name)
    {
        _channels = shape.Take(shape.Count - 1).Aggregate(1L, (a, b) => a * b);
        Samples = shape[^1];
        OutputSize = (int)_channels * (Samples / 2);
        RegisterComponents();
    }

    /// <summary>Samples per channel.</summary>
    public int Samples { get; }

    /// <summary>Length of the flattened output.</summary>
    public int OutputSize { get; }

    // The magnitude of each channel's discrete Fourier transform at frequencies 1 .. S / 2 (frequency 0, the window's
    // mean, left out), on a log scale: amplitudes that fall off exponentially with distance become distances.
    public override Tensor forward(Tensor x)
    {
        using var lines = x.reshape(x.shape[0], _channels, Samples);
        // The mean changes no frequency but 0; removed first, its rounding does not leak into the quiet ones.
        using var mean = lines.mean([-1], keepdim: true);
        using var centred = lines - mean;
        using var transform = fft.rfft(centred, dim: -1);
        using var waves = transform[.., .., 1..];
        using var magnitude = waves.abs();
        using var floored = magnitude.add(Floor, Scalars.One);
        using var log = floored.log();
        return log.flatten(1);
    }
}
