using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Registry;
using GmcRL.Envs.Wrappers;
using GmcRL.Representation;

namespace GmcRL.Tests.Representation;

public class TrueStateFeaturesTests
{
    [Fact]
    public void Features_are_the_pendulum_v1_observation_of_the_attached_state_whatever_is_missing()
    {
        var env = new TrueStateAttached<float[]>(new FrameStack<float[]>(new MultimodalPendulum(), 2));
        var spec = ((MultimodalSpace)env.ObservationSpace).Spec;
        var features = new TrueStateFeatures(spec, EnvRegistry.Get(PendulumRegistration.Id).TrueState!);
        var observation = env.Reset(3).Observation.Clone();
        var state = observation.TrueState.ToArray();
        var complete = new float[3];
        features.Encode([observation], complete);
        Assert.Equal([(float)Math.Cos(state[0]), (float)Math.Sin(state[0]), (float)state[1]], complete);

        observation.Drop(0);
        var soundOnly = new float[3];
        features.Encode([observation], soundOnly);
        Assert.Equal(complete, soundOnly);
    }

    [Fact]
    public void An_observation_without_an_attached_state_is_a_clear_error()
    {
        var pendulum = new MultimodalPendulum();
        var features = new TrueStateFeatures(pendulum.Spec, EnvRegistry.Get(PendulumRegistration.Id).TrueState!);
        var e = Assert.Throws<ArgumentException>(() => features.Encode([pendulum.Reset(1).Observation], new float[3]));
        Assert.Contains("TrueStateAttached", e.Message);
    }
}
