namespace GmcRL.Envs;

/// <summary>
/// An environment that says how its episodes end and counts what happened in them (a game's win or loss, its kills):
/// what reports need to tell outcomes apart when the return alone cannot. Environments without distinct endings (the
/// pendulum) do not implement it.
/// </summary>
public interface IEpisodeOutcome
{
    /// <summary>The ways an episode can end, e.g. win, lost, time_up.</summary>
    IReadOnlyList<string> Outcomes { get; }

    /// <summary>How the current episode ended, as an index into <see cref="Outcomes"/>; null while it runs.</summary>
    int? Outcome { get; }

    /// <summary>What the environment counts per episode, e.g. kills.</summary>
    IReadOnlyList<string> Tallies { get; }

    /// <summary>The current episode's count of <see cref="Tallies"/>[<paramref name="tally"/>] so far.</summary>
    double Tally(int tally);
}
