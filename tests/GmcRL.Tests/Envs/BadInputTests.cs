using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Vector;
using GmcRL.Envs.Wrappers;

namespace GmcRL.Tests.Envs;

/// <summary>Every error a user can cause through an environment is specific and says what to do.</summary>
public class BadInputTests
{
    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Non_finite_torque_is_rejected_with_the_valid_range(float torque)
    {
        var env = Make.Pendulum();
        env.Reset(1);
        var e = Assert.Throws<InvalidActionException>(() => env.Step([torque]));
        Assert.Contains("finite", e.Message);
        Assert.Contains("[-2, 2]", e.Message);
        env.Step([0.5f]); // the rejected action left the environment usable
    }

    [Fact]
    public void Wrong_action_length_says_how_many_values_are_needed()
    {
        var env = new MultimodalPendulum();
        env.Reset(1);
        var e = Assert.Throws<InvalidActionException>(() => env.Step([1f, 2f]));
        Assert.Contains("2 element(s)", e.Message);
        Assert.Contains("needs 1", e.Message);
        Assert.Throws<InvalidActionException>(() => env.Step([]));
        Assert.Throws<InvalidActionException>(() => env.Step(null!));
    }

    [Fact]
    public void Discrete_action_out_of_range_names_the_valid_range()
    {
        var env = new DiscreteActions<float[]>(new Pendulum(), 5);
        env.Reset(0);
        var e = Assert.Throws<InvalidActionException>(() => env.Step(5));
        Assert.Contains("[0, 4]", e.Message);
        Assert.Throws<InvalidActionException>(() => env.Step(-1));
    }

    [Fact]
    public void Step_before_reset_says_to_call_reset()
    {
        foreach (var env in new IEnvironment<MultimodalObservation, float[]>[] { new MultimodalPendulum(), Make.Pendulum(new DropSchedule.PerStep(0.2)) })
        {
            var e = Assert.Throws<ResetNeededException>(() => env.Step([0f]));
            Assert.Contains("before Reset", e.Message);
            Assert.Contains("Call Reset()", e.Message);
        }
        Assert.Throws<ResetNeededException>(() => new Pendulum().Step([0f]));
    }

    [Fact]
    public void Step_after_the_end_says_to_reset_and_reset_makes_it_legal_again()
    {
        var env = Make.Pendulum(limit: 3);
        env.Reset(2);
        env.Step([0f]);
        env.Step([0f]);
        Assert.True(env.Step([0f]).Truncated);
        var e = Assert.Throws<ResetNeededException>(() => env.Step([0f]));
        Assert.Contains("after the episode ended", e.Message);
        Assert.Contains("Call Reset()", e.Message);
        env.Reset();
        Assert.False(env.Step([0f]).Done);
    }

    [Fact]
    public void Vector_environment_rejects_a_wrong_number_of_actions_and_stepping_before_reset()
    {
        var vec = new VectorEnvironment<MultimodalObservation, float[]>([Make.Pendulum(), Make.Pendulum()], o => o.Clone());
        Assert.Contains("Call Reset()", Assert.Throws<ResetNeededException>(() => vec.Step([[0f], [0f]])).Message);
        vec.Reset(0);
        Assert.Contains("one action per environment", Assert.Throws<InvalidActionException>(() => vec.Step([[0f]])).Message);
    }

    [Fact]
    public void Invalid_wrapper_settings_are_clear()
    {
        var mm = new MultimodalPendulum();
        Assert.Contains("at least one step", Assert.Throws<ArgumentOutOfRangeException>(() => new TimeLimit<MultimodalObservation, float[]>(mm, 0)).Message);
        Assert.Contains("at least one frame", Assert.Throws<ArgumentOutOfRangeException>(() => new FrameStack<float[]>(mm, 0)).Message);
        Assert.Contains("Unknown modality 'smell'", Assert.Throws<ArgumentException>(() => new ModalityDropout<float[]>(mm, new DropSchedule.Fixed(["smell"]))).Message);
        Assert.Contains("at most 0.5", Assert.Throws<ArgumentException>(() => new ModalityDropout<float[]>(mm, new DropSchedule.PerStep(0.6))).Message);
        Assert.Contains("[0, 1]", Assert.Throws<ArgumentException>(() => new ModalityDropout<float[]>(mm, new DropSchedule.PerEpisode(-0.1))).Message);
        Assert.Contains("Length", Assert.Throws<ArgumentException>(() => new ModalityDropout<float[]>(mm, new DropSchedule.Blackout(0.1, 0))).Message);
        Assert.Contains("at least 2", Assert.Throws<ArgumentOutOfRangeException>(() => new DiscreteActions<MultimodalObservation>(mm, 1)).Message);
    }
}
