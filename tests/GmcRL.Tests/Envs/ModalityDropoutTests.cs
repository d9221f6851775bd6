using GmcRL.Envs;
using GmcRL.Envs.Wrappers;

namespace GmcRL.Tests.Envs;

public class ModalityDropoutTests
{
    /// <summary>Steps a dropout stack and the same stack without dropout side by side (same seeds), checking at every
    /// step that the mask matches the data: present modalities hold exactly the undropped data, missing ones zeros.</summary>
    private static List<PresenceMask> Masks(DropSchedule drop, int steps, int limit = 300, int seed = 11)
    {
        var env = Make.Pendulum(drop, limit, seed);
        var reference = Make.Pendulum(null, limit, seed);
        var masks = new List<PresenceMask>();
        var rng = new Random(seed);
        var obs = env.Reset(seed).Observation;
        var full = reference.Reset(seed).Observation;
        for (int t = 0; t < steps; t++)
        {
            AssertMaskMatchesData(obs, full);
            masks.Add(obs.Mask);
            float[] u = [(float)(rng.NextDouble() * 4 - 2)];
            var r = env.Step(u);
            var rr = reference.Step(u);
            (obs, full) = (r.Observation, rr.Observation);
            if (r.Done)
            {
                AssertMaskMatchesData(obs, full);
                masks.Add(obs.Mask);
                t++;
                obs = env.Reset().Observation;
                full = reference.Reset().Observation;
            }
        }
        return masks;
    }

    private static void AssertMaskMatchesData(MultimodalObservation obs, MultimodalObservation full)
    {
        bool image = obs.Mask.Has(0)
            ? obs.Bytes(0).SequenceEqual(full.Bytes(0))
            : !obs.Bytes(0).ContainsAnyExcept((byte)0);
        bool sound = obs.Mask.Has(1)
            ? obs.Floats(1).SequenceEqual(full.Floats(1))
            : !obs.Floats(1).ContainsAnyExcept(0f);
        Assert.True(image && sound, $"mask {obs.Mask} does not match the data (image ok: {image}, sound ok: {sound})");
    }

    private static double MissingRate(List<PresenceMask> masks, int modality) => masks.Count(k => !k.Has(modality)) / (double)masks.Count;

    [Fact]
    public void Per_step_p_0_3_drops_30_percent_of_steps_and_never_both()
    {
        var masks = Masks(new DropSchedule.PerStep(0.3), 10_000);
        Assert.InRange(MissingRate(masks, 0), 0.28, 0.32);
        Assert.InRange(MissingRate(masks, 1), 0.28, 0.32);
        Assert.DoesNotContain(PresenceMask.None, masks);
    }

    [Fact]
    public void Per_step_without_keeping_one_drops_independently()
    {
        var masks = Masks(new DropSchedule.PerStep(0.3) { KeepAtLeastOne = false }, 10_000);
        Assert.InRange(MissingRate(masks, 0), 0.28, 0.32);
        Assert.InRange(MissingRate(masks, 1), 0.28, 0.32);
        Assert.InRange(masks.Count(k => k == PresenceMask.None) / 10_000.0, 0.09 - 0.015, 0.09 + 0.015);
    }

    [Fact]
    public void Per_step_p_0_5_with_two_modalities_drops_exactly_one_every_step()
    {
        var masks = Masks(new DropSchedule.PerStep(0.5), 4_000);
        Assert.All(masks, k => Assert.Equal(1, k.Count));
        Assert.InRange(MissingRate(masks, 0), 0.47, 0.53);
    }

    [Fact]
    public void Per_episode_drops_hold_for_whole_episodes_at_their_rate()
    {
        var masks = Masks(new DropSchedule.PerEpisode(0.3), 20 * 1000, limit: 20);
        var episodes = masks.Chunk(21).ToList(); // reset observation + 20 steps
        Assert.All(episodes, e => Assert.All(e, k => Assert.Equal(e[0], k)));
        double rate = episodes.Count(e => !e[0].Has(0)) / (double)episodes.Count;
        Assert.InRange(rate, 0.25, 0.35); // 952 episodes: the binomial's sd is 0.015
        Assert.DoesNotContain(PresenceMask.None, masks);
    }

    [Fact]
    public void Blackout_windows_last_exactly_their_length()
    {
        const int length = 7;
        var masks = Masks(new DropSchedule.Blackout(0.05, length), 20_000, limit: 20_000);
        foreach (int m in new[] { 0, 1 })
        {
            var runs = new List<int>();
            int run = 0;
            foreach (var k in masks)
            {
                if (!k.Has(m)) run++;
                else if (run > 0) { runs.Add(run); run = 0; }
            }
            Assert.True(runs.Count > 100, $"only {runs.Count} windows for modality {m}");
            Assert.All(runs, r => Assert.Equal(length, r));
        }
        Assert.DoesNotContain(PresenceMask.None, masks);
    }

    [Fact]
    public void Fixed_subset_keeps_only_the_named_modalities()
    {
        var image = Masks(new DropSchedule.Fixed(["image"]), 500);
        Assert.All(image, k => Assert.Equal(new PresenceMask(0b01), k));
        var sound = Masks(new DropSchedule.Fixed(["sound"]), 500);
        Assert.All(sound, k => Assert.Equal(new PresenceMask(0b10), k));
    }

    [Fact]
    public void Same_seed_same_drops_other_seed_other_drops()
    {
        var a = Masks(new DropSchedule.PerStep(0.3), 2_000, seed: 5);
        var b = Masks(new DropSchedule.PerStep(0.3), 2_000, seed: 5);
        var c = Masks(new DropSchedule.PerStep(0.3), 2_000, seed: 6);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [InlineData(3, 0.3)]
    [InlineData(3, 0.6)]
    [InlineData(4, 0.75)]
    [InlineData(2, 0.1)]
    public void Keeping_one_of_M_still_drops_each_at_rate_p(int count, double p)
    {
        var sampler = new DropSampler(count, p, keepOne: true);
        var rng = new Random(1);
        var dropped = new bool[count];
        var missing = new int[count];
        const int n = 40_000;
        for (int i = 0; i < n; i++)
        {
            sampler.Sample(rng, dropped);
            Assert.Contains(false, dropped);
            for (int m = 0; m < count; m++) if (dropped[m]) missing[m]++;
        }
        Assert.All(missing, k => Assert.InRange(k / (double)n, p - 0.01, p + 0.01));
    }
}
