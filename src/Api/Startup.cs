using System.Runtime.CompilerServices;
using GmcRL.Representation;

namespace GmcRL;

/// <summary>Runs when a script or the app first touches the library, so before libtorch loads: the native settings
/// that make runs reproducible (docs/building.md) hold for scripts as for gmcrl.</summary>
internal static class Startup
{
    // A library's module initializer is exactly what is wanted here: scripts have no Main of ours to run it from.
#pragma warning disable CA2255
    [ModuleInitializer]
    internal static void Initialize() => NativeRuntimeSettings.Apply();
#pragma warning restore CA2255
}
