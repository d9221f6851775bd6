namespace GmcRL.Envs.Pendulum;

/// <summary>Physical constants of the pendulum, with Gymnasium Pendulum-v1's defaults (docs/method.md §5).</summary>
public sealed record PendulumSettings
{
    /// <summary>Gravity (m/s^2).</summary>
    public double Gravity { get; init; } = 10.0;

    /// <summary>Mass of the rod (kg).</summary>
    public double Mass { get; init; } = 1.0;

    /// <summary>Length of the rod (m).</summary>
    public double Length { get; init; } = 1.0;

    /// <summary>Integration time step (s).</summary>
    public double Dt { get; init; } = 0.05;

    /// <summary>Torques are clipped to [-MaxTorque, MaxTorque].</summary>
    public double MaxTorque { get; init; } = 2.0;

    /// <summary>Angular velocity is clipped to [-MaxSpeed, MaxSpeed] (rad/s).</summary>
    public double MaxSpeed { get; init; } = 8.0;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid property.</summary>
    public PendulumSettings Validated()
    {
        Positive(Gravity, nameof(Gravity));
        Positive(Mass, nameof(Mass));
        Positive(Length, nameof(Length));
        Positive(Dt, nameof(Dt));
        Positive(MaxTorque, nameof(MaxTorque));
        Positive(MaxSpeed, nameof(MaxSpeed));
        return this;
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
            throw new ArgumentException($"Pendulum setting {name} must be a positive finite number (got {value}).");
    }
}
