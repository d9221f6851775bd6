using GmcRL.Build;
using TorchSharp;

namespace GmcRL.Tests.Build;

/// <summary>The build's fix for TorchSharp's GLIBCXX_3.4.32 need (build/TorchSharpNative.targets).</summary>
public class TorchSharpLoadTests
{
    private const string Version = "GLIBCXX_3.4.32";

    [Fact]
    public void TorchSharp_loads_and_computes()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3 });
        using var b = a * a;
        Assert.Equal(new float[] { 1, 4, 9 }, b.data<float>().ToArray());
    }

    [Fact]
    public void Output_copy_is_weak_exactly_when_the_system_lacks_the_version_and_the_cache_is_untouched()
    {
        string output = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        Assert.True(File.Exists(output), $"expected the native library in the output folder {output}");
        byte[] copy = File.ReadAllBytes(output);

        string? system = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }
            .FirstOrDefault(File.Exists);
        bool systemHasIt = system != null && ElfVersionNeeds.MentionsVersion(File.ReadAllBytes(system), Version);
        Assert.NotNull(ElfVersionNeeds.FlagsOf(copy, Version));
        Assert.Equal(!systemHasIt, ElfVersionNeeds.IsWeak(copy, Version));

        string cache = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (File.Exists(cache))
            Assert.False(ElfVersionNeeds.IsWeak(File.ReadAllBytes(cache), Version), "the NuGet cache copy was modified");
    }

    [Fact]
    public void MarkWeak_sets_only_the_weak_flag_once()
    {
        string output = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        byte[] bytes = File.ReadAllBytes(output);
        byte[] before = (byte[])bytes.Clone();
        ushort flags = ElfVersionNeeds.FlagsOf(bytes, Version)!.Value;
        bool changed = ElfVersionNeeds.MarkWeak(bytes, Version);
        Assert.Equal((flags & 2) == 0, changed);
        Assert.Equal((ushort)(flags | 2), ElfVersionNeeds.FlagsOf(bytes, Version));
        Assert.False(ElfVersionNeeds.MarkWeak(bytes, Version));
        int differing = bytes.Zip(before).Count(p => p.First != p.Second);
        Assert.Equal(changed ? 1 : 0, differing);
        Assert.Null(ElfVersionNeeds.FlagsOf(bytes, "GLIBCXX_99.0"));
    }

    [Fact]
    public void Not_an_elf_file_is_a_clear_error()
    {
        var e = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.FlagsOf(new byte[100], Version));
        Assert.Contains("not an ELF file", e.Message);
    }
}
