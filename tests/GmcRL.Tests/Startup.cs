using System.Runtime.CompilerServices;
using GmcRL.Representation;

namespace GmcRL.Tests;

/// <summary>Runs before any test, so before libtorch loads: reproducible MKL maths, as in the app.</summary>
internal static class Startup
{
    [ModuleInitializer]
    internal static void Initialize() => NativeRuntimeSettings.Apply();
}
