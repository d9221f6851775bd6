namespace GmcRL.Envs.Pendulum;

/// <summary>
/// Gymnasium Pendulum-v1's dynamics and reward in double precision (docs/method.md §5): theta = 0 is upright,
/// positive counter-clockwise.
/// </summary>
public static class PendulumPhysics
{
    /// <summary>One step from (theta, thetaDot) under torque <paramref name="torque"/> (clipped to ±MaxTorque).
    /// Returns the new state and the reward -(norm(theta)^2 + 0.1 thetaDot^2 + 0.001 u^2), computed on the old state.</summary>
    public static (double Theta, double ThetaDot, double Reward) Step(PendulumSettings s, double theta, double thetaDot, double torque)
    {
        double u = Math.Clamp(torque, -s.MaxTorque, s.MaxTorque);
        double th = NormalizeAngle(theta);
        double cost = th * th + 0.1 * thetaDot * thetaDot + 0.001 * (u * u);
        double newThetaDot = thetaDot + (3 * s.Gravity / (2 * s.Length) * Math.Sin(theta) + 3.0 / (s.Mass * s.Length * s.Length) * u) * s.Dt;
        newThetaDot = Math.Clamp(newThetaDot, -s.MaxSpeed, s.MaxSpeed);
        double newTheta = theta + newThetaDot * s.Dt;
        return (newTheta, newThetaDot, -cost);
    }

    /// <summary>Wraps an angle to [-pi, pi) exactly as Gymnasium's ((x + pi) % (2 pi)) - pi with Python's floor modulo.</summary>
    public static double NormalizeAngle(double x)
    {
        double twoPi = 2 * Math.PI;
        // C#'s % is C's fmod (sign of the dividend); Python's float % adds the divisor to a negative remainder.
        double mod = (x + Math.PI) % twoPi;
        if (mod < 0) mod += twoPi;
        return mod - Math.PI;
    }

    /// <summary>A start state as Pendulum-v1 draws it: theta uniform in [-pi, pi], thetaDot uniform in [-1, 1].</summary>
    public static (double Theta, double ThetaDot) RandomStart(Random rng) =>
        (Math.PI * (2 * rng.NextDouble() - 1), 2 * rng.NextDouble() - 1);
}
