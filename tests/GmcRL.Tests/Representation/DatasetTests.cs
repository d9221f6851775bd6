using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Wrappers;
using GmcRL.Representation.Data;

namespace GmcRL.Tests.Representation;

public class DatasetTests
{
    [Fact]
    public void Episodic_collection_truncates_every_K_steps_and_next_observations_follow()
    {
        var data = Tiny.Pendulum(250, episodeLength: 100);
        var truncatedAt = Enumerable.Range(0, data.Count).Where(i => data.Truncated[i]).ToArray();
        Assert.Equal(new[] { 99, 199 }, truncatedAt);
        Assert.DoesNotContain(true, data.Terminated.ToArray());
        var spec = data.Spec;
        var next = new MultimodalObservation(spec);
        var following = new MultimodalObservation(spec);
        for (int i = 0; i + 1 < data.Count; i++)
        {
            data.CopyObservation(i, next, next: true);
            data.CopyObservation(i + 1, following);
            // Within an episode the next observation is the following sample's; after a truncation a reset intervenes.
            Assert.Equal(!data.Truncated[i], next.ContentEquals(following));
        }
    }

    [Fact]
    public void A_single_long_run_never_resets()
    {
        var data = Tiny.Pendulum(300, episodeLength: null);
        Assert.DoesNotContain(true, data.Truncated.ToArray());
        Assert.Null(data.Header.EpisodeLength);
    }

    [Fact]
    public void Collection_is_deterministic_by_seed()
    {
        Assert.True(Tiny.Pendulum(300, seed: 7).ContentEquals(Tiny.Pendulum(300, seed: 7)));
        Assert.False(Tiny.Pendulum(300, seed: 7).ContentEquals(Tiny.Pendulum(300, seed: 8)));
    }

    [Fact]
    public void Sound_is_scaled_by_the_data_statistics_which_reproduce_the_environment_observation()
    {
        var data = Tiny.Dataset;
        var stats = PendulumCalibration.Normalization(data.Header.Calibration!);
        var sound = data.ObservationFloats(MultimodalPendulum.Sound).ToArray().Concat(data.NextObservationFloats(MultimodalPendulum.Sound).ToArray()).ToArray();
        // Min-max scaling with the data's own extremes spans exactly [0, 1] (up to float rounding).
        Assert.Equal(0, sound.Where((_, i) => i % 2 == 0).Min(), 1e-6);
        Assert.Equal(1, sound.Where((_, i) => i % 2 == 0).Max(), 1e-6);
        Assert.Equal(0, sound.Where((_, i) => i % 2 == 1).Min(), 1e-6);
        Assert.Equal(1, sound.Where((_, i) => i % 2 == 1).Max(), 1e-6);

        // An environment built with the header's settings observes the recorded state on the same scale.
        var env = new FrameStack<float[]>(new MultimodalPendulum(new MultimodalPendulumSettings { SoundNormalization = stats }), data.Header.FrameStack);
        Assert.Equal(data.Spec, ((MultimodalSpace)env.ObservationSpace).Spec);
        var pendulum = new MultimodalPendulum(new MultimodalPendulumSettings { SoundNormalization = stats });
        var frame = pendulum.SetState(data.States[20], data.States[21]);
        var recorded = new MultimodalObservation(data.Spec);
        data.CopyObservation(10, recorded);
        var newest = recorded.Floats(MultimodalPendulum.Sound)[6..];
        for (int k = 0; k < 6; k++) Assert.Equal(frame.Floats(MultimodalPendulum.Sound)[k], newest[k], 1e-5f);
        Assert.True(frame.Bytes(MultimodalPendulum.Image).SequenceEqual(recorded.Bytes(MultimodalPendulum.Image)[3600..]));
    }

    [Fact]
    public void Invalid_collection_options_name_the_option()
    {
        Assert.Contains("Count", Assert.Throws<ArgumentException>(() => new CollectionOptions { Count = 1 }.Validated()).Message);
        Assert.Contains("EpisodeLength", Assert.Throws<ArgumentException>(() => new CollectionOptions { EpisodeLength = 0 }.Validated()).Message);
    }
}
