using GmcRL.Representation;

namespace GmcRL.Tests.Representation;

/// <summary>The test assembly applies <see cref="NativeRuntimeSettings"/> at start-up, as the app does.</summary>
public class NativeRuntimeSettingsTests
{
    [Fact]
    public void Start_up_sets_the_native_defaults()
    {
        Assert.NotNull(Environment.GetEnvironmentVariable("MKL_CBWR"));
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null)
            Assert.NotNull(Environment.GetEnvironmentVariable("GOMP_SPINCOUNT"));
    }

    [Fact]
    public void On_glibc_malloc_keeps_freed_memory_unless_the_user_tuned_it()
    {
        bool userTuned = Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null
            || Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null
            || (Environment.GetEnvironmentVariable("GLIBC_TUNABLES")?.Contains("glibc.malloc.", StringComparison.Ordinal) ?? false);
        bool glibc = OperatingSystem.IsLinux() && File.Exists("/etc/debian_version");
        if (userTuned) Assert.False(NativeRuntimeSettings.MallocKeepsFreedMemory);
        else if (glibc) Assert.True(NativeRuntimeSettings.MallocKeepsFreedMemory);
    }
}
