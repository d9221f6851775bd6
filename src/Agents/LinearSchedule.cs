namespace GmcRL.Agents;

/// <summary>A value that moves linearly from <see cref="Start"/> to <see cref="End"/> over <see cref="Steps"/> steps
/// and then stays at <see cref="End"/> (DQN's epsilon, DDPG's noise scale).</summary>
/// <param name="Start">The value at step 0.</param>
/// <param name="End">The value from step <see cref="Steps"/> on.</param>
/// <param name="Steps">Length of the ramp; 0 means <see cref="End"/> from the start.</param>
public sealed record LinearSchedule(double Start, double End, long Steps)
{
    /// <summary>The value at <paramref name="step"/>: Start + (End - Start) * min(1, step / Steps).</summary>
    public double ValueAt(long step)
    {
        if (Steps <= 0 || step >= Steps) return End;
        if (step <= 0) return Start;
        return Start + (End - Start) * ((double)step / Steps);
    }
}
