namespace GmcRL;

/// <summary>What a number of environment copies stepped side by side requires of the other learning settings.</summary>
internal static class EnvCopies
{
    /// <summary>Why <paramref name="envs"/> copies do not fit these settings, or null when they do: gradient steps
    /// stay one per <paramref name="trainEvery"/> environment steps, so one must divide the other, and every step
    /// count must be a multiple of the copies (which step together).</summary>
    public static string? Problem(int envs, int trainEvery, long steps, long learningStarts, long evalEvery, long checkpointEvery)
    {
        if (envs < 1) return $"expected at least 1 environment copy (got {envs})";
        if (envs == 1) return null;
        if (trainEvery % envs != 0 && envs % trainEvery != 0)
            return $"{envs} copies and one gradient step every {trainEvery} steps do not fit: one must divide the other";
        foreach (var (name, value) in new[] { ("steps", steps), ("learning starts", learningStarts), ("evaluation interval", evalEvery), ("checkpoint interval", checkpointEvery) })
            if (value % envs != 0) return $"the {name} ({value}) must be a multiple of the {envs} copies, which step together";
        return null;
    }
}
