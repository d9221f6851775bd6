using System.Runtime.InteropServices;

namespace GmcRL.Representation;

/// <summary>
/// Settings that libtorch's native libraries read once, when they load, so <see cref="Apply"/> must run before the
/// first TorchSharp call; the gmcrl app and the tests do it at start-up. A value the user has set is always kept.
/// <list type="bullet">
/// <item><c>MKL_CBWR=AUTO</c>, for the same numbers run after run: MKL's default code paths depend on the memory
/// alignment of their inputs, so two processes with the same seed could differ in the last bits (and runs then drift
/// apart). Conditional numerical reproducibility picks the fastest path for this processor, independent of alignment.</item>
/// <item><c>GOMP_SPINCOUNT=10000</c>, for machines shared with other work: OpenMP's worker threads by default spin for
/// about 300,000 iterations at every barrier before they sleep, and when another process holds a core the spinning
/// thread waits for one that the kernel has descheduled. Measured on a 2-core machine with GMC pretraining on 2
/// threads (docs/benchmarks/representation.md): with other processes busy, 56 samples/s with the default against
/// 221 with this setting; with the machine to ourselves, about 10% slower (465 against 508-542).</item>
/// </list>
/// </summary>
public static class NativeRuntimeSettings
{
    /// <summary>Sets <c>MKL_CBWR=AUTO</c>, and <c>GOMP_SPINCOUNT=10000</c> unless <c>OMP_WAIT_POLICY</c> is set, in the
    /// process's native environment; a variable that is set already keeps its value.</summary>
    public static void Apply()
    {
        SetDefault("MKL_CBWR", "AUTO");
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null) SetDefault("GOMP_SPINCOUNT", "10000");
    }

    private static void SetDefault(string name, string value)
    {
        // .NET keeps its own copy of the environment on Unix; the native libraries read the C library's.
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) SetEnv(name, value, 0);
        if (Environment.GetEnvironmentVariable(name) is null) Environment.SetEnvironmentVariable(name, value);
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
