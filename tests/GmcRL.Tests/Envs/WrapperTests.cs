using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Wrappers;

namespace GmcRL.Tests.Envs;

public class WrapperTests
{
    [Fact]
    public void Time_limit_truncates_exactly_at_the_limit_and_never_terminates()
    {
        var env = new TimeLimit<float[], float[]>(new Pendulum(), 200);
        env.Reset(0);
        for (int t = 1; t <= 200; t++)
        {
            var r = env.Step([1f]);
            Assert.False(r.Terminated);
            Assert.Equal(t == 200, r.Truncated);
            Assert.Equal(t, r.Info.EpisodeStep);
        }
    }

    [Fact]
    public void Frame_stack_repeats_the_first_frame_at_reset_and_shifts_oldest_first()
    {
        var inner = new MultimodalPendulum();
        var env = new FrameStack<float[]>(inner, 3);
        Assert.Equal([3, 60, 60], env.ObservationSpace is MultimodalSpace s ? s.Spec.Modalities[0].Shape : []);
        Assert.Equal([3, 3, 2], ((MultimodalSpace)env.ObservationSpace).Spec.Modalities[1].Shape);

        var frames = new List<MultimodalObservation>();
        var obs = env.Reset(4).Observation;
        frames.Add(new FrameStack<float[]>(new MultimodalPendulum(), 1).Reset(4).Observation.Clone());
        for (int k = 0; k < 3; k++) AssertSlot(obs, k, frames[0]);

        var single = new FrameStack<float[]>(new MultimodalPendulum(), 1);
        single.Reset(4);
        for (int t = 0; t < 5; t++)
        {
            float u = t - 2f;
            obs = env.Step([u]).Observation;
            frames.Add(single.Step([u]).Observation.Clone());
            // Slots hold frames t-1, t, t+1 (the newest last), the oldest repeating the reset frame early on.
            for (int k = 0; k < 3; k++) AssertSlot(obs, k, frames[Math.Max(0, frames.Count - 3 + k)]);
        }
    }

    private static void AssertSlot(MultimodalObservation stack, int slot, MultimodalObservation frame)
    {
        Assert.True(stack.Bytes(0).Slice(slot * 3600, 3600).SequenceEqual(frame.Bytes(0)));
        Assert.True(stack.Floats(1).Slice(slot * 6, 6).SequenceEqual(frame.Floats(1)));
    }

    [Fact]
    public void Discrete_actions_are_evenly_spaced_torques()
    {
        var env = new DiscreteActions<float[]>(new Pendulum(), 5);
        Assert.Equal([-2f, -1f, 0f, 1f, 2f], env.Values.ToArray());
        Assert.Equal(5, ((Discrete)env.ActionSpace).N);

        // Action i steps exactly like its torque on a plain pendulum.
        var plain = new Pendulum();
        env.Reset(9);
        plain.Reset(9);
        for (int t = 0; t < 20; t++)
        {
            int a = t % 5;
            Assert.Equal(plain.Step([env.Values[a]]).Reward, env.Step(a).Reward);
        }
    }
}

public class TrueStateAttachedTests
{
    [Fact]
    public void The_attached_state_is_the_step_info_state_and_survives_dropout_and_cloning()
    {
        var env = new TimeLimit<MultimodalObservation, float[]>(
            new ModalityDropout<float[]>(new TrueStateAttached<float[]>(new FrameStack<float[]>(new MultimodalPendulum(), 2)),
                new DropSchedule.Fixed(["sound"])), 20);
        var reset = env.Reset(5);
        Assert.Equal(reset.Info.State.ToArray(), reset.Observation.TrueState.ToArray());
        for (int t = 0; t < 5; t++)
        {
            var r = env.Step([1f]);
            Assert.False(r.Observation.Mask.Has(MultimodalPendulum.Image));
            Assert.Equal(2, r.Info.State.Length);
            Assert.Equal(r.Info.State.ToArray(), r.Observation.TrueState.ToArray());
            Assert.Equal(r.Info.State.ToArray(), r.Observation.Clone().TrueState.ToArray());
        }
        // Without the wrapper, observations carry no state.
        Assert.True(new MultimodalPendulum().Reset(5).Observation.TrueState.IsEmpty);
    }
}
