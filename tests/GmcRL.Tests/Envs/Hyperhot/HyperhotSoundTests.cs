using GmcRL.Envs.Hyperhot;
using static GmcRL.Tests.Envs.Hyperhot.Scenes;
using HyperhotEnv = GmcRL.Envs.Hyperhot.Hyperhot;
using Voice = GmcRL.Envs.Hyperhot.HyperhotSound.Voice;

namespace GmcRL.Tests.Envs.Hyperhot;

/// <summary>The sound modality (HYPERHOT-SPEC §3) against values computed by hand and against the plain per-sample
/// formula.</summary>
public class HyperhotSoundTests
{
    private const int N = HyperhotSound.Samples;

    private static short[] Samples(HyperhotSound sound, Voice[] voices, int[] phases, double x = 0, double y = 0)
    {
        var output = new short[N];
        sound.RenderSamples(voices, phases, x, y, output);
        return output;
    }

    [Fact]
    public void The_periods_are_44100_over_the_notes_rounded_half_to_even()
    {
        Assert.Equal(95, HyperhotSound.Period(HyperhotSound.PlayerBulletNote));
        Assert.Equal(169, HyperhotSound.Period(HyperhotSound.LowEnemyNote));
        Assert.Equal(134, HyperhotSound.Period(HyperhotSound.HighEnemyNote));
        Assert.Equal(112, HyperhotSound.Period(HyperhotSound.EnemyBulletNote)); // 112.5
    }

    [Theory]
    [InlineData(95, 48)]
    [InlineData(169, 85)]
    [InlineData(134, 67)]
    [InlineData(112, 56)]
    public void A_lone_source_is_a_square_wave_positive_for_the_first_half_of_each_period(int period, int positive)
    {
        // At distance 50 (offset (30, 40)): A = exp(-1.25) = 0.2865047968601901, A * 32767 = 9387.90, truncated 9387.
        var samples = Samples(new HyperhotSound(1), [new Voice(30, 40, period, 0)], [0]);
        for (int j = 0; j < N; j++) Assert.Equal(j % period < positive ? 9387 : -9387, samples[j]);
    }

    [Fact]
    public void Each_rendering_advances_a_sources_phase_by_1047_samples_modulo_its_period()
    {
        var sound = new HyperhotSound(2);
        Voice[] voices = [new Voice(0, 0, 95, 0), new Voice(0, 0, 169, 1)];
        int[] phases = [0, 0];
        // 1047 = 11 * 95 + 2 = 6 * 169 + 33: receiver r starts the 95-sample wave at phase 2r, the 169-sample one at 33r.
        for (int receiver = 0; receiver < 4; receiver++)
        {
            Assert.Equal((2 * receiver, 33 * receiver), (phases[0], phases[1]));
            var lone = new HyperhotSound(1);
            int[] phase = [phases[0]];
            var samples = Samples(lone, [voices[0]], phase);
            Assert.Equal(48 - 2 * receiver, Array.FindIndex(samples, s => s < 0));
            sound.RenderSamples(voices, phases, 0, 0, new short[N]);
        }
        Assert.Equal((8, 132), (phases[0], phases[1]));
    }

    [Fact]
    public void The_amplitude_decays_as_exp_of_minus_0_025_times_the_distance_and_samples_truncate_towards_zero()
    {
        // Distance 40: exp(-1) * 32767 = 12054.31: 12054 and -12054 (not -12055).
        var samples = Samples(new HyperhotSound(1), [new Voice(100, 210, 112, 0)], [0], 60, 210);
        Assert.Equal(12054, samples[0]);
        Assert.Equal(-12054, samples[56]);
        // Distance 0: amplitude 1, exactly the 16-bit ends; a sum that stays in [-1, 1] is not rescaled.
        samples = Samples(new HyperhotSound(1), [new Voice(5, 7, 95, 0)], [0], 5, 7);
        Assert.Equal((32767, -32767), (samples[0], samples[48]));
    }

    [Fact]
    public void A_sum_out_at_both_ends_is_rescaled_onto_minus_1_to_1()
    {
        // Two sources of amplitude 1: the sum takes 2, 0 and -2; rescaled by v / 2.
        var samples = Samples(new HyperhotSound(2), [new Voice(0, 0, 95, 0), new Voice(0, 0, 169, 1)], [0, 0]);
        Assert.Equal(32767, samples[0]);   // + and +
        Assert.Equal(0, samples[48]);      // - and +
        Assert.Equal(-32767, samples[90]); // - and -
        Assert.Equal(0, samples[95]);      // + and -
    }

    [Fact]
    public void A_sum_out_at_one_end_is_rescaled_onto_its_other_end_to_that_bound()
    {
        // Only the top out (min -0.5, max 3): onto [-0.5, 1], v -> 1.5 (v + 0.5) / 3.5 - 0.5; 1.25 -> 0.25 -> 8191.75 -> 8191.
        var (scale, offset) = HyperhotSound.Rescaling(-0.5, 3);
        Assert.Equal(8191, HyperhotSound.Truncate(1.25, scale, offset));
        Assert.Equal(-0.5, scale * -0.5 + offset, 1e-15);
        Assert.Equal(1, scale * 3 + offset, 1e-15);
        // Only the bottom out (min -3, max 0.5): onto [-1, 0.5]; -1.25 -> -0.25 -> -8191.75 -> -8191.
        (scale, offset) = HyperhotSound.Rescaling(-3, 0.5);
        Assert.Equal(-8191, HyperhotSound.Truncate(-1.25, scale, offset));
        Assert.Equal(0.5, scale * 0.5 + offset, 1e-15);
        // Inside: untouched.
        Assert.Equal((1.0, 0.0), HyperhotSound.Rescaling(-1, 1));
    }

    [Fact]
    public void The_observed_sound_is_s_plus_32767_over_65534_and_silence_is_one_half()
    {
        var env = Make(g =>
        {
            foreach (ref var e in g.Enemies.AsSpan()) e.Alive = false;
        });
        var sound = env.SetScene(_ => { }).Floats(HyperhotEnv.Sound).ToArray();
        Assert.All(sound, v => Assert.Equal(0.5f, v));
        Assert.Equal(4 * N, sound.Length);
    }

    // The plain formula, sample by sample, from the game's state; phases as they were when the observation was drawn.
    private static float[] Reference(HyperhotGame g, int[] phasesAtDrawing, IReadOnlyList<HyperhotReceiver> receivers)
    {
        var sources = new List<(int X, int Y, int Period, int Phase)>();
        if (g.PlayerBullet.Listed) sources.Add((g.PlayerBullet.X, g.PlayerBullet.Y, 95, phasesAtDrawing[0]));
        for (int i = 0; i < g.Enemies.Length; i++)
        {
            if (g.Enemies[i].Alive) sources.Add((g.Enemies[i].X + 8, 40, i < 2 ? 169 : 134, phasesAtDrawing[1 + 2 * i]));
            if (g.EnemyBullets[i].Listed) sources.Add((g.EnemyBullets[i].X, g.EnemyBullets[i].Y, 112, phasesAtDrawing[2 + 2 * i]));
        }
        var output = new float[receivers.Count * N];
        for (int r = 0; r < receivers.Count; r++)
        {
            (double rx, double ry) = receivers[r] switch
            {
                HyperhotReceiver.LeftBottom => (0.0, 210.0),
                HyperhotReceiver.RightBottom => (160.0, 210.0),
                HyperhotReceiver.LeftShip => (g.ShipX, 184.0),
                HyperhotReceiver.RightShip => (g.ShipX + 24.0, 184.0),
                _ => throw new ArgumentException("not one of MUSE's receivers"),
            };
            var wave = new double[N];
            foreach (var (x, y, period, phase) in sources)
            {
                double a = Math.Exp(-0.025 * Math.Sqrt((x - rx) * (x - rx) + (y - ry) * (y - ry)));
                for (int j = 0; j < N; j++) wave[j] += (phase + r * N + j) % period < period / 2.0 ? a : -a;
            }
            double min = wave.Min(), max = wave.Max();
            double newMin = min < -1 ? -1 : min, newMax = max > 1 ? 1 : max;
            for (int j = 0; j < N; j++)
            {
                double v = wave[j];
                if (max > 1 || min < -1)
                {
                    double m = (newMax - newMin) / (max - min);
                    v = m * v + (newMin - m * min);
                }
                short s = (short)(v * 32767);
                output[r * N + j] = (float)((s + 32767.0) / 65534.0);
            }
        }
        return output;
    }

    [Fact]
    public void Random_play_sounds_are_the_plain_formulas()
    {
        var env = new HyperhotEnv(seed: 5);
        var rng = new Random(5);
        env.Reset(5);
        int compared = 0;
        for (int t = 0; t < 1500; t++)
        {
            double kills = env.Tally(0);
            var r = env.Step(rng.Next(6));
            if (env.Tally(0) == kills)
            {
                // Every source drawn has since advanced by one rendering per receiver.
                var g = env.Game;
                int[] phases = new int[g.Phases.Length];
                for (int slot = 0; slot < phases.Length; slot++)
                {
                    int period = slot == 0 ? 95 : slot % 2 == 0 ? 112 : slot < 5 ? 169 : 134;
                    phases[slot] = ((g.Phases[slot] - 4 * N) % period + period) % period;
                }
                Assert.Equal(Reference(g, phases, env.Settings.Receivers), r.Observation.Floats(HyperhotEnv.Sound).ToArray());
                compared++;
            }
            if (r.Done) env.Reset();
        }
        Assert.True(compared > 1000);
    }
}
