using GmcRL.Envs;
using GmcRL.Envs.Pendulum;

namespace GmcRL.Tests.Envs;

public class PendulumSoundTests
{
    private static readonly PendulumSound Sound = new();

    private static float[] Raw(double theta, double thetaDot)
    {
        var frame = new float[6];
        Sound.Compute(theta, thetaDot, 1.0, frame);
        return frame;
    }

    // The tip at (-sin, cos) moves with velocity theta_dot * (-cos, -sin).
    private static (double X, double Y, double Vx, double Vy) Tip(double theta, double thetaDot) =>
        (-Math.Sin(theta), Math.Cos(theta), -thetaDot * Math.Cos(theta), -thetaDot * Math.Sin(theta));

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-2.0)]
    [InlineData(Math.PI)]
    public void A_still_rod_sounds_exactly_440_Hz_everywhere(double theta)
    {
        var f = Raw(theta, 0);
        for (int i = 0; i < 3; i++) Assert.Equal(440f, f[2 * i]);
    }

    [Fact]
    public void Each_shift_follows_the_tip_moving_towards_or_away_from_that_receiver()
    {
        var rng = new Random(7);
        for (int k = 0; k < 2000; k++)
        {
            double theta = rng.NextDouble() * 2 * Math.PI - Math.PI, thetaDot = rng.NextDouble() * 16 - 8;
            var f = Raw(theta, thetaDot);
            var (px, py, vx, vy) = Tip(theta, thetaDot);
            for (int i = 0; i < 3; i++)
            {
                var rc = PendulumSound.ReferenceReceivers[i];
                double approach = vx * (rc.X - px) + vy * (rc.Y - py);
                if (Math.Abs(approach) < 1e-3) continue;
                Assert.Equal(Math.Sign(approach), Math.Sign(f[2 * i] - 440f));
            }
        }
    }

    [Fact]
    public void Upright_rod_swinging_left_approaches_the_left_receiver_and_leaves_the_right_one()
    {
        var f = Raw(0, 4); // theta_dot > 0: counter-clockwise, the tip moves left
        Assert.True(f[0] > 440f);
        Assert.True(f[2] < 440f);
        Assert.Equal(440f, f[4], 1e-3); // moving sideways under the top receiver
    }

    [Fact]
    public void Doppler_frequency_and_inverse_square_amplitude_match_their_formulas()
    {
        var rng = new Random(3);
        for (int k = 0; k < 500; k++)
        {
            double theta = rng.NextDouble() * 2 * Math.PI - Math.PI, thetaDot = rng.NextDouble() * 16 - 8;
            var f = Raw(theta, thetaDot);
            var (px, py, vx, vy) = Tip(theta, thetaDot);
            for (int i = 0; i < 3; i++)
            {
                var rc = PendulumSound.ReferenceReceivers[i];
                double dx = rc.X - px, dy = rc.Y - py, d = Math.Sqrt(dx * dx + dy * dy);
                double vr = (vx * dx + vy * dy) / d;
                Assert.Equal(440 * 20 / (20 - vr), f[2 * i], 1e-3);
                Assert.Equal(1 / (d * d), f[2 * i + 1], 1e-6);
            }
        }
    }

    [Fact]
    public void Theoretical_ranges_match_the_spec()
    {
        var range = Sound.TheoreticalRange(new PendulumSettings());
        Assert.Equal(440 * 20 / 28.0, range.FrequencyMin, 1e-9); // 314.29 Hz
        Assert.Equal(440 * 20 / 12.0, range.FrequencyMax, 1e-9); // 733.33 Hz
        Assert.Equal(0.059, range.AmplitudeMin, 3);
        Assert.Equal(0.694, range.AmplitudeMax, 3);
    }

    [Fact]
    public void Normalised_sound_lies_in_0_1_and_the_constants_travel_with_the_settings()
    {
        var env = new MultimodalPendulum();
        var rng = new Random(1);
        var raw = new List<float>();
        env.Reset(5);
        for (int t = 0; t < 500; t++)
        {
            var obs = env.Step([(float)(rng.NextDouble() * 4 - 2)]).Observation;
            foreach (float x in obs.Floats(MultimodalPendulum.Sound)) Assert.InRange(x, 0f, 1f);
            var frame = new float[6];
            env.RawSound(env.State[0], env.State[1], frame);
            raw.AddRange(frame);
        }
        var fromData = SoundNormalization.FromData(raw.ToArray());
        var scaled = new MultimodalPendulum(new MultimodalPendulumSettings { SoundNormalization = fromData });
        Assert.Equal(fromData, scaled.SoundNormalization);
        var o = scaled.SetState(0.4, -3);
        var expected = new float[6];
        scaled.Settings.Sound.Compute(0.4, -3, 1, expected, fromData);
        Assert.Equal(expected, o.Floats(MultimodalPendulum.Sound).ToArray());
        Assert.Equal((float)fromData.Frequency(440), scaled.SetState(1, 0).Floats(MultimodalPendulum.Sound)[0], 1e-6);
    }

    [Fact]
    public void Invalid_settings_name_the_setting()
    {
        Assert.Contains("SpeedOfSound", Assert.Throws<ArgumentException>(() =>
            new MultimodalPendulum(new MultimodalPendulumSettings { Sound = new PendulumSound { SpeedOfSound = 5 } })).Message);
        Assert.Contains("FrequencyMin", Assert.Throws<ArgumentException>(() =>
            new MultimodalPendulum(new MultimodalPendulumSettings { SoundNormalization = new SoundNormalization(500, 400, 0, 1) })).Message);
        Assert.Contains("Dt", Assert.Throws<ArgumentException>(() =>
            new Pendulum(new PendulumSettings { Dt = double.NaN })).Message);
    }

    [Fact]
    public void The_loudest_amplitude_and_sum_bound_every_state()
    {
        // The middle-top receiver, 2.2 from the axle, hears the tip at its nearest (1.2 away) as 1 / 1.2^2.
        Assert.Equal(1 / (1.2 * 1.2), Sound.LoudestAmplitude(1.0), 12);
        double d = Math.Sqrt(2 * 2.2 * 2.2);
        Assert.Equal(1 / (1.2 * 1.2) + 2 / ((d - 1) * (d - 1)), Sound.LoudestSum(1.0), 12);
        Assert.Equal(Sound.LoudestAmplitude(1.0), Sound.TheoreticalRange(new PendulumSettings()).AmplitudeMax);
        var rng = new Random(3);
        double loudest = 0, loudestSum = 0;
        for (int k = 0; k < 2000; k++)
        {
            var f = Raw(rng.NextDouble() * 2 * Math.PI - Math.PI, rng.NextDouble() * 16 - 8);
            loudest = Math.Max(loudest, Math.Max(f[1], Math.Max(f[3], f[5])));
            loudestSum = Math.Max(loudestSum, f[1] + f[3] + f[5]);
        }
        // Floats round within 1e-7 of the doubles they come from.
        Assert.InRange(loudest, 0.95 * Sound.LoudestAmplitude(1.0), Sound.LoudestAmplitude(1.0) * (1 + 1e-6));
        Assert.InRange(loudestSum, 0.5 * Sound.LoudestSum(1.0), Sound.LoudestSum(1.0));
    }
}
