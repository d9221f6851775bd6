using GmcRL.Envs;
using GmcRL.Envs.Checking;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Wrappers;

namespace GmcRL.Tests.Envs;

/// <summary>Every environment and wrapper passes the shared checker; and the checker does catch broken ones.</summary>
public class EnvCheckerTests
{
    [Fact]
    public void Pendulum_passes() => AssertPasses(() => new Pendulum());

    [Fact]
    public void Pendulum_with_time_limit_passes() =>
        AssertPasses(() => new TimeLimit<float[], float[]>(new Pendulum(), 50));

    [Fact]
    public void Pendulum_with_discrete_actions_passes() =>
        AssertPasses(() => new TimeLimit<float[], int>(new DiscreteActions<float[]>(new Pendulum(), 5), 50));

    [Fact]
    public void Multimodal_pendulum_passes() => AssertPasses(() => new MultimodalPendulum());

    [Fact]
    public void True_state_attached_passes() =>
        AssertPasses(() => new TrueStateAttached<float[]>(new FrameStack<float[]>(new MultimodalPendulum(), 2)));

    [Fact]
    public void Frame_stack_passes() => AssertPasses(() => new FrameStack<float[]>(new MultimodalPendulum(), 3));

    [Fact]
    public void Full_stack_with_discrete_actions_passes() =>
        AssertPasses(() => new DiscreteActions<MultimodalObservation>(Make.Pendulum(new DropSchedule.PerStep(0.3), 40), 7));

    public static TheoryData<string> Schedules => new() { "none", "fixed", "episode", "step", "blackout", "step-any" };

    [Theory]
    [MemberData(nameof(Schedules))]
    public void Modality_dropout_passes_with_every_schedule(string schedule)
    {
        DropSchedule drop = schedule switch
        {
            "none" => new DropSchedule.None(),
            "fixed" => new DropSchedule.Fixed(["sound"]),
            "episode" => new DropSchedule.PerEpisode(0.4),
            "step" => new DropSchedule.PerStep(0.5),
            "blackout" => new DropSchedule.Blackout(0.1, 5),
            _ => new DropSchedule.PerStep(0.5) { KeepAtLeastOne = false },
        };
        AssertPasses(() => Make.Pendulum(drop, 60));
    }

    private static void AssertPasses<TObs, TAct>(Func<IEnvironment<TObs, TAct>> make)
    {
        var problems = EnvChecker.Check(make, steps: 150);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Checker_catches_an_environment_that_breaks_every_rule()
    {
        var problems = EnvChecker.Check(() => new Broken(), steps: 20);
        Assert.Contains(problems, p => p.Contains("not in Box"));
        Assert.Contains(problems, p => p.Contains("same seed, different trajectories"));
        Assert.Contains(problems, p => p.StartsWith("Step before Reset"));
        Assert.Contains(problems, p => p.StartsWith("a NaN action"));
        Assert.Contains(problems, p => p.StartsWith("Step after the episode ended"));
    }

    /// <summary>Ignores seeds, leaves its space, accepts anything and never demands a reset.</summary>
    private sealed class Broken : IEnvironment<float[], float[]>
    {
        private static int _calls;
        public ISpace<float[]> ObservationSpace { get; } = new Box(1, 0, 1);
        public ISpace<float[]> ActionSpace { get; } = new Box(1, -1, 1);
        public ResetResult<float[]> Reset(int? seed = null) => new([2f], default);
        public StepResult<float[]> Step(float[] action) => new([0.5f], Interlocked.Increment(ref _calls), false, true, default);
    }
}
