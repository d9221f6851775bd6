using GmcRL.Representation.Gmc;
using static TorchSharp.torch;

namespace GmcRL.Representation.Training;

/// <summary>The element type pretraining computes the image convolutions in (docs/benchmarks/representation.md). The
/// weights stay float32 in every case: they are the master copies that Adam updates and checkpoints keep, and frozen
/// encoders at control time compute in float32.</summary>
public enum ComputePrecision
{
    /// <summary>Everything in float32.</summary>
    Float32,

    /// <summary>The image convolutions and the Linear layers that read them in bfloat16 (inputs and weights cast for each
    /// pass, outputs and gradients back in float32): faster on processors with AVX512-BF16 or AMX, slower on those
    /// without.</summary>
    BFloat16,
}

/// <summary>Chooses and applies a <see cref="ComputePrecision"/>.</summary>
public static class ComputePrecisions
{
    /// <summary>Whether this processor computes bfloat16 natively (Linux: the avx512_bf16 or amx_bf16 flag in /proc/cpuinfo).</summary>
    public static bool ProcessorHasBFloat16 { get; } = Detect();

    /// <summary>BFloat16 where the processor computes it natively, else Float32.</summary>
    public static ComputePrecision Auto => ProcessorHasBFloat16 ? ComputePrecision.BFloat16 : ComputePrecision.Float32;

    /// <summary>Sets every image trunk of <paramref name="model"/> to compute in <paramref name="precision"/>.</summary>
    internal static void Apply(nn.Module model, ComputePrecision precision)
    {
        foreach (var trunk in model.modules().OfType<ConvTrunk>())
            trunk.ComputeType = precision == ComputePrecision.BFloat16 ? ScalarType.BFloat16 : null;
    }

    private static bool Detect()
    {
        try
        {
            if (!OperatingSystem.IsLinux() || !File.Exists("/proc/cpuinfo")) return false;
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("flags", StringComparison.Ordinal))
                    return line.Split(' ').Any(f => f is "avx512_bf16" or "amx_bf16");
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return false;
    }
}
