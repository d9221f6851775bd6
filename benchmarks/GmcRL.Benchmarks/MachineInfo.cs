using System.Runtime.InteropServices;

namespace GmcRL.Benchmarks;

/// <summary>What a benchmark ran on, recorded beside every figure.</summary>
public sealed record MachineInfo(string Cpu, int Cores, string Os, string Runtime)
{
    /// <summary>This machine.</summary>
    public static MachineInfo Current()
    {
        string cpu = "unknown";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return new MachineInfo(cpu, Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Cpu}, {Cores} cores, {Os}, {Runtime}";
}
