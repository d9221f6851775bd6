using System.Runtime.InteropServices;

namespace GmcRL.Representation;

/// <summary>
/// Makes libtorch's CPU maths give the same numbers run after run. libtorch calls Intel MKL, whose default code paths
/// depend on the memory alignment of their inputs, so two processes with the same seed can differ in the last bits
/// (and runs then drift apart). MKL's conditional numerical reproducibility (<c>MKL_CBWR=AUTO</c>: the fastest code
/// path for this processor, independent of alignment) removes that. MKL reads the variable once, when libtorch loads,
/// so call <see cref="Ensure"/> before the first TorchSharp call; the gmcrl app and the tests do it at start-up. A value
/// the user has set is kept.
/// </summary>
public static class NumericReproducibility
{
    /// <summary>The environment variable MKL reads.</summary>
    public const string Variable = "MKL_CBWR";

    /// <summary>Sets <c>MKL_CBWR=AUTO</c> in the process's native environment unless it is set already.</summary>
    public static void Ensure()
    {
        // .NET keeps its own copy of the environment on Unix; MKL reads the C library's, so set it there.
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) SetEnv(Variable, "AUTO", 0);
        if (Environment.GetEnvironmentVariable(Variable) is null) Environment.SetEnvironmentVariable(Variable, "AUTO");
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
