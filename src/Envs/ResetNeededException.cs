namespace GmcRL.Envs;

/// <summary><c>Step</c> was called before the first <c>Reset</c> or after the episode ended.</summary>
public sealed class ResetNeededException(string message) : InvalidOperationException(message)
{
    internal static ResetNeededException BeforeFirstReset(string env) =>
        new($"{env}: Step was called before Reset. Call Reset() (optionally with a seed) to start an episode.");

    internal static ResetNeededException AfterEnd(string env) =>
        new($"{env}: Step was called after the episode ended (terminated or truncated). Call Reset() to start a new episode.");
}
