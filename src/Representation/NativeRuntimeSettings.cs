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
/// <item>glibc's malloc keeps freed memory instead of handing it back to the kernel (a trim threshold of 1 GiB, an
/// mmap threshold of 32 MiB, the most it allows). A GMC training step allocates and frees activations of up to 15 MB;
/// by default each of them is a fresh mmap or a heap that grows and is trimmed again, so every step pays for page
/// faults on zeroed pages. Measured on the pendulum model, batch 128, 2 threads: 1,190-1,510 samples/s against
/// 500-1,165 (docs/benchmarks/representation.md). The price is that the process keeps its high-water mark.</item>
/// </list>
/// </summary>
public static class NativeRuntimeSettings
{
    /// <summary>Sets <c>MKL_CBWR=AUTO</c>, and <c>GOMP_SPINCOUNT=10000</c> unless <c>OMP_WAIT_POLICY</c> is set, in the
    /// process's native environment (a variable that is set already keeps its value), and glibc's malloc thresholds
    /// unless the user tuned malloc through its environment.</summary>
    public static void Apply()
    {
        SetDefault("MKL_CBWR", "AUTO");
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null) SetDefault("GOMP_SPINCOUNT", "10000");
        if (OperatingSystem.IsLinux() && !UserTunedMalloc()) KeepFreedMemory();
    }

    /// <summary>Whether <see cref="Apply"/> set glibc's malloc to keep freed memory (false when the user tuned malloc
    /// or the C library is not glibc).</summary>
    public static bool MallocKeepsFreedMemory { get; private set; }

    private const int TrimThreshold = -1, MmapThreshold = -3; // mallopt's M_TRIM_THRESHOLD and M_MMAP_THRESHOLD

    private static bool UserTunedMalloc() =>
        Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null
        || Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null
        || (Environment.GetEnvironmentVariable("GLIBC_TUNABLES")?.Contains("glibc.malloc.", StringComparison.Ordinal) ?? false);

    private static void KeepFreedMemory()
    {
        try
        {
            MallocKeepsFreedMemory = MallOpt(MmapThreshold, 32 << 20) == 1 & MallOpt(TrimThreshold, 1 << 30) == 1;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // Not glibc (musl has no tunable malloc): keep the C library's defaults.
        }
    }

    private static void SetDefault(string name, string value)
    {
        // .NET keeps its own copy of the environment on Unix; the native libraries read the C library's.
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) SetEnv(name, value, 0);
        if (Environment.GetEnvironmentVariable(name) is null) Environment.SetEnvironmentVariable(name, value);
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
