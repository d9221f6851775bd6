namespace GmcRL.Replays;

/// <summary>A replay file that cannot be read: missing, truncated, corrupted, of another format version, or holding
/// values that no recorder writes. The message names the file and what is wrong with it.</summary>
public sealed class ReplayFormatException : Exception
{
    /// <summary>An error about the replay at <paramref name="path"/> (null when read from memory).</summary>
    public ReplayFormatException(string? path, string problem, Exception? inner = null)
        : base(path is null ? $"Replay: {problem}" : $"Replay '{path}': {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file, or null when read from memory.</summary>
    public string? Path { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
