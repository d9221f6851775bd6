namespace GmcRL.Envs.Hyperhot;

/// <summary>Settings of <see cref="Hyperhot"/>; the defaults are MUSE's (HYPERHOT-SPEC §1, §3 and §4).</summary>
public sealed record HyperhotSettings
{
    /// <summary>Enemies in the formation, 1 to 4 (MUSE: 4).</summary>
    public int Enemies { get; init; } = 4;

    /// <summary>Steps after which the game ends as time_up with reward -1 (MUSE: 15 s at 30 steps per second).</summary>
    public int TimeLimitSteps { get; init; } = 450;

    /// <summary>Most enemy bullets in flight at once (the reference's 4).</summary>
    public int MaxEnemyBullets { get; init; } = 4;

    /// <summary>The microphones, one sound channel each, in channel order (MUSE: both bottom corners, then the middles
    /// of the ship's left and right edges).</summary>
    public IReadOnlyList<HyperhotReceiver> Receivers { get; init; } =
        [HyperhotReceiver.LeftBottom, HyperhotReceiver.RightBottom, HyperhotReceiver.LeftShip, HyperhotReceiver.RightShip];

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting; returns these settings.</summary>
    public HyperhotSettings Validated()
    {
        if (Enemies is < 1 or > 4) throw new ArgumentException($"Hyperhot: Enemies must be 1 to 4, the formations the game defines (got {Enemies}).");
        if (TimeLimitSteps < 1) throw new ArgumentException($"Hyperhot: TimeLimitSteps must be at least 1 (got {TimeLimitSteps}).");
        if (MaxEnemyBullets < 0) throw new ArgumentException($"Hyperhot: MaxEnemyBullets must not be negative (got {MaxEnemyBullets}).");
        if (Receivers is null || Receivers.Count == 0) throw new ArgumentException("Hyperhot: the sound needs at least one receiver.");
        foreach (var r in Receivers)
            if (!Enum.IsDefined(r)) throw new ArgumentException($"Hyperhot: unknown receiver {(int)r}; expected one of {string.Join(", ", Enum.GetNames<HyperhotReceiver>())}.");
        return this;
    }
}
