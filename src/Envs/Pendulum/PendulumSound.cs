namespace GmcRL.Envs.Pendulum;

/// <summary>
/// The pendulum's sound modality (docs/method.md §5): the rod tip emits a tone; each receiver hears its Doppler-shifted
/// frequency f = f0 c / (c - v_r) (v_r: the tip velocity's component towards the receiver) and the
/// inverse-square amplitude a = 1 / d^2.
/// </summary>
public sealed record PendulumSound
{
    /// <summary>The reference receivers in world coordinates (x right, y up): left-bottom, right-bottom, middle-top.
    /// In the reference's (height, left) frame these are (-2.2, 2.2), (-2.2, -2.2) and (2.2, 0).</summary>
    public static IReadOnlyList<Receiver> ReferenceReceivers { get; } =
        [new("left_bottom", -2.2, -2.2), new("right_bottom", 2.2, -2.2), new("middle_top", 0, 2.2)];

    /// <summary>Frequency emitted by the tip (Hz).</summary>
    public double EmittedFrequency { get; init; } = 440.0;

    /// <summary>Speed of sound (units/s); slow on purpose so Doppler shifts are large.</summary>
    public double SpeedOfSound { get; init; } = 20.0;

    /// <summary>The receivers.</summary>
    public IReadOnlyList<Receiver> Receivers { get; init; } = ReferenceReceivers;

    /// <summary>Throws <see cref="ArgumentException"/> when the sound cannot be computed for every state of a pendulum with
    /// these physics (the tip must stay slower than sound and never reach a receiver).</summary>
    public PendulumSound Validated(PendulumSettings physics)
    {
        if (!(EmittedFrequency > 0) || !double.IsFinite(EmittedFrequency)) throw new ArgumentException($"Sound: EmittedFrequency must be positive (got {EmittedFrequency}).");
        if (!(SpeedOfSound > physics.MaxSpeed * physics.Length) || !double.IsFinite(SpeedOfSound))
            throw new ArgumentException($"Sound: SpeedOfSound ({SpeedOfSound}) must exceed the tip's top speed MaxSpeed * Length ({physics.MaxSpeed * physics.Length}).");
        if (Receivers.Count == 0) throw new ArgumentException("Sound: at least one receiver is needed.");
        foreach (var r in Receivers)
            if (!(r.DistanceFromAxle > physics.Length))
                throw new ArgumentException($"Sound: receiver '{r.Name}' must lie outside the circle the tip sweeps (radius {physics.Length}).");
        return this;
    }

    /// <summary>Writes (frequency, amplitude) for each receiver into <paramref name="frame"/> (2 values per receiver):
    /// raw (Hz, 1/d^2) without <paramref name="scale"/>, else scaled by it (in double precision, before rounding to float).</summary>
    public void Compute(double theta, double thetaDot, double length, Span<float> frame, SoundNormalization? scale = null)
    {
        // Tip position p = l (-sin theta, cos theta); velocity dp/dt = l theta_dot (-cos theta, -sin theta).
        double sin = Math.Sin(theta), cos = Math.Cos(theta);
        double px = -sin * length, py = cos * length;
        double vx = -cos * length * thetaDot, vy = -sin * length * thetaDot;
        for (int i = 0; i < Receivers.Count; i++)
        {
            double dx = Receivers[i].X - px, dy = Receivers[i].Y - py;
            double distSq = dx * dx + dy * dy;
            double towards = (vx * dx + vy * dy) / Math.Sqrt(distSq);
            double frequency = EmittedFrequency * SpeedOfSound / (SpeedOfSound - towards);
            double amplitude = 1.0 / distSq;
            frame[2 * i] = (float)(scale is null ? frequency : scale.Frequency(frequency));
            frame[2 * i + 1] = (float)(scale is null ? amplitude : scale.Amplitude(amplitude));
        }
    }

    /// <summary>The widest raw ranges any state can produce: frequencies for the tip at top speed straight towards or
    /// away from a receiver, amplitudes at the nearest and farthest points of the tip's circle.</summary>
    public SoundNormalization TheoreticalRange(PendulumSettings physics)
    {
        double v = physics.MaxSpeed * physics.Length;
        double aMin = double.PositiveInfinity;
        foreach (var r in Receivers)
        {
            double d = r.DistanceFromAxle;
            aMin = Math.Min(aMin, 1 / ((d + physics.Length) * (d + physics.Length)));
        }
        return new SoundNormalization(
            EmittedFrequency * SpeedOfSound / (SpeedOfSound + v),
            EmittedFrequency * SpeedOfSound / (SpeedOfSound - v), aMin, LoudestAmplitude(physics.Length));
    }

    /// <summary>The largest raw amplitude one receiver can hear from a rod of <paramref name="length"/>: max over receivers
    /// of 1 / (d_i - l)^2, the tip at its nearest to receiver i (at distance d_i from the axle).</summary>
    public double LoudestAmplitude(double length) => Receivers.Max(r => Nearest(r, length));

    /// <summary>A bound on the sum of the receivers' raw amplitudes at any one state of a rod of <paramref name="length"/>:
    /// sum over receivers of 1 / (d_i - l)^2, each with the tip at its nearest. Sonification divides by it, so the mix
    /// never clips.</summary>
    public double LoudestSum(double length) => Receivers.Sum(r => Nearest(r, length));

    // 1 / (d - l)^2: the amplitude receiver r hears with the tip at its nearest.
    private static double Nearest(Receiver r, double length) => 1 / ((r.DistanceFromAxle - length) * (r.DistanceFromAxle - length));
}
