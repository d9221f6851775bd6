using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Wrappers;

namespace GmcRL.Tests.Envs;

/// <summary>The environment stacks the tests use.</summary>
internal static class Make
{
    /// <summary>Multimodal pendulum, 2-frame stack, optional dropout outside it, then a time limit.</summary>
    public static IEnvironment<MultimodalObservation, float[]> Pendulum(DropSchedule? drop = null, int limit = 300, int seed = 0)
    {
        IEnvironment<MultimodalObservation, float[]> env = new FrameStack<float[]>(new MultimodalPendulum(seed: seed), 2);
        if (drop is not null) env = new ModalityDropout<float[]>(env, drop, seed);
        return new TimeLimit<MultimodalObservation, float[]>(env, limit);
    }
}
