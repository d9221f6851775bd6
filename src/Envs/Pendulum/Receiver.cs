namespace GmcRL.Envs.Pendulum;

/// <summary>A static microphone at (X, Y) in world coordinates (x right, y up, axle at the origin).</summary>
public readonly record struct Receiver(string Name, double X, double Y)
{
    /// <summary>Distance from the axle.</summary>
    public double DistanceFromAxle => Math.Sqrt(X * X + Y * Y);
}
