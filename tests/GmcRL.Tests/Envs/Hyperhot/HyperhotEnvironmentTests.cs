using GmcRL.Envs;
using GmcRL.Envs.Checking;
using GmcRL.Envs.Hyperhot;
using GmcRL.Envs.Registry;
using GmcRL.Envs.Wrappers;
using HyperhotEnv = GmcRL.Envs.Hyperhot.Hyperhot;

namespace GmcRL.Tests.Envs.Hyperhot;

/// <summary>Hyperhot as an environment: the checker, determinism, its registration, its true state and its steps'
/// allocations.</summary>
public class HyperhotEnvironmentTests
{
    [Fact]
    public void It_passes_the_environment_checker_alone_and_as_the_pipeline_wraps_it()
    {
        EnvChecker.AssertValid(() => new HyperhotEnv(seed: 1), steps: 400);
        var registration = (EnvRegistration<int>)EnvRegistry.Get(HyperhotRegistration.Id);
        EnvChecker.AssertValid(() => new TimeLimit<MultimodalObservation, int>(
            new FrameStack<int>(registration.Make(new EnvContext(1)), registration.FrameStack), registration.EpisodeSteps), steps: 400);
    }

    [Fact]
    public void The_same_seed_gives_the_same_games_and_another_seed_others()
    {
        static List<string> Play(int seed)
        {
            var env = new HyperhotEnv(seed: seed);
            var rng = new Random(seed);
            var prints = new List<string>();
            env.Reset(seed);
            for (int t = 0; t < 2000; t++)
            {
                var r = env.Step(rng.Next(6));
                var hash = new HashCode();
                hash.AddBytes(r.Observation.Bytes(HyperhotEnv.Image));
                foreach (float v in r.Observation.Floats(HyperhotEnv.Sound)) hash.Add(v);
                foreach (double s in env.State) hash.Add(s);
                prints.Add($"{r.Reward} {r.Terminated} {hash.ToHashCode()}");
                if (r.Done) env.Reset();
            }
            return prints;
        }
        Assert.Equal(Play(7), Play(7));
        Assert.NotEqual(Play(7), Play(8));
    }

    [Fact]
    public void Stepping_allocates_nothing()
    {
        var env = new HyperhotEnv(seed: 2);
        var rng = new Random(2);
        env.Reset(2);
        void Run()
        {
            for (int t = 0; t < 2000; t++)
                if (env.Step(rng.Next(6)).Done) env.Reset();
        }
        Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void It_is_registered_as_hyperhot_v1_with_museS_settings()
    {
        var r = (EnvRegistration<int>)EnvRegistry.Get("hyperhot-v1");
        Assert.Equal(["image", "sound"], r.Modalities.Modalities.Select(m => m.Name));
        Assert.Equal([ModalityKind.Image, ModalityKind.Signal], r.Modalities.Modalities.Select(m => m.Kind));
        Assert.Equal([[80, 80], [4, 1047]], r.Modalities.Modalities.Select(m => m.Shape.ToArray()));
        Assert.All(r.Modalities.Modalities, m => Assert.Equal((0.0, 1.0), (m.Low, m.High)));
        Assert.Equal("Discrete(6)", r.ActionSpaceText);
        Assert.Equal((2, 450, (int?)null), (r.FrameStack, r.EpisodeSteps, r.CollectResetEvery));
        Assert.Null(r.Calibration);
        Assert.Equal(1.0 / 30, r.Replay.StepSeconds);
        Assert.Null(r.Replay.Sound);
        var env = (HyperhotEnv)r.Make(new EnvContext(3));
        Assert.Equal(4, env.Settings.Enemies);
        Assert.Equal([HyperhotReceiver.LeftBottom, HyperhotReceiver.RightBottom, HyperhotReceiver.LeftShip, HyperhotReceiver.RightShip], env.Settings.Receivers);
        Assert.IsAssignableFrom<IEpisodeOutcome>(env);
    }

    [Fact]
    public void The_true_state_is_a_fixed_vector_of_32_named_values_and_its_features_are_scaled()
    {
        var r = EnvRegistry.Get(HyperhotRegistration.Id);
        var env = new HyperhotEnv(seed: 4);
        var info = env.Reset(4).Info;
        Assert.Equal(32, env.StateNames.Count);
        Assert.Equal(env.StateNames, r.TrueState!.Names);
        Assert.Equal(32, info.State.Length);
        Assert.Equal(["step", "ship_x", "ship_motion", "player_bullet", "player_bullet_x", "player_bullet_y", "fire_tick", "formation_direction"],
            env.StateNames.Take(8));
        Assert.Equal(["enemy3_alive", "enemy3_x", "enemy3_y", "enemy3_bullet", "enemy3_bullet_x", "enemy3_bullet_y"], env.StateNames.TakeLast(6));
        var rng = new Random(4);
        var features = new float[32];
        for (int t = 0; t < 3000; t++)
        {
            var step = env.Step(rng.Next(6));
            Assert.Equal(env.State.ToArray(), step.Info.State.ToArray());
            r.TrueState.Features(step.Info.State.Span, features);
            // Off the screen's scale only where a dead enemy, moving on with the formation, has left the screen.
            Assert.All(features, f => Assert.InRange(f, -1f, 2f));
            if (step.Done) env.Reset();
        }
        Assert.Equal(8 + 6, new HyperhotEnv(new HyperhotSettings { Enemies = 1 }).StateNames.Count);
    }

    [Fact]
    public void Bad_settings_and_actions_are_clear_errors()
    {
        Assert.Contains("Enemies must be 1 to 4", Assert.Throws<ArgumentException>(() => new HyperhotEnv(new HyperhotSettings { Enemies = 5 })).Message);
        Assert.Contains("at least one receiver", Assert.Throws<ArgumentException>(() => new HyperhotEnv(new HyperhotSettings { Receivers = [] })).Message);
        var env = new HyperhotEnv();
        Assert.Contains("call Reset", Assert.Throws<ResetNeededException>(() => env.Step(0)).Message, StringComparison.OrdinalIgnoreCase);
        env.Reset(0);
        Assert.Contains("action 6 is outside", Assert.Throws<InvalidActionException>(() => env.Step(6)).Message);
    }
}
