using System.Runtime.CompilerServices;
using GmcRL.Representation;

namespace GmcRL.Cli;

/// <summary>Runs before any code of the app, so before libtorch loads.</summary>
internal static class Startup
{
    [ModuleInitializer]
    internal static void Initialize() => NativeRuntimeSettings.Apply();
}
