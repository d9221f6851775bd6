using GmcRL.Agents;
using GmcRL.Agents.Evaluation;
using GmcRL.Agents.Training;
using GmcRL.Envs;
using GmcRL.Envs.Wrappers;
using GmcRL.Representation.Gmc;
using GmcRL.Representation.Training;
using GmcRL.Tests.Agents;
using GmcRL.Tests.Envs.Registry;

namespace GmcRL.Tests.Api;

/// <summary>The scripting API, in the order a script meets it, on the beacon (three modalities, discrete actions).</summary>
[Collection(AgentsCollection.Name)]
public sealed class ApiTests : IClassFixture<ApiTests.Trained>
{
    /// <summary>A small GMC + DQN on the beacon, made once.</summary>
    public sealed class Trained : IDisposable
    {
        public Trained()
        {
            Beacon.Register();
            Env = GmcRL.Env.Make(Beacon.Id);
            Dataset = Env.Collect(samples: 300, seed: 0);
            Pretraining = Pretraining.Gmc(Dataset, Options);
            Pretraining.Run();
            Encoder = Pretraining.Freeze();
            Agent = GmcRL.Agent.Create(Env, Encoder, Settings, seed: 3);
            Learned = Agent.Learn(options: new LearnOptions { LearningStarts = 100, EvalEvery = 150, EvalEpisodes = 1, BufferSize = 1_000 });
        }

        // The hum as a waveform: GeometryTests' near-and-far case was set on these latents. On the spectrum's (one epoch,
        // 30 held-out latents 0.05 to 1.0 apart, median 0.35) DCA gave precision and recall 0.47 in two components for
        // copies shifted by 0.001: too few points for its components, not a fault of the shift.
        public static GmcTrainingOptions Options => new()
        {
            Epochs = 1, BatchSize = 64, Model = GmcModelOptions.Reference with { LatentDim = 6, SignalFeatures = SignalFeatures.Waveform },
        };
        public static AgentSettings Settings => new() { Steps = 300, Hidden = [16], BatchSize = 16 };
        public Env Env { get; }
        public GmcRL.Representation.Data.MultimodalDataset Dataset { get; }
        public Pretraining Pretraining { get; }
        public GmcRL.Representation.IFrozenEncoder Encoder { get; }
        public Agent Agent { get; }
        public LearnResult Learned { get; }

        public void Dispose()
        {
            Agent.Dispose();
            Encoder.Dispose();
            Pretraining.Dispose();
        }
    }

    private readonly Trained _t;

    public ApiTests(Trained trained) => _t = trained;

    [Fact]
    public void An_unknown_id_is_refused_with_the_registered_ones_and_settings_out_of_range_are_named()
    {
        var e = Assert.Throws<ArgumentException>(() => Env.Make("nope-v1"));
        Assert.Contains("no environment is registered as 'nope-v1'; registered: ", e.Message);
        Assert.Contains("multimodal-pendulum-v1", e.Message);
        Assert.Contains("frameStack", Assert.Throws<ArgumentOutOfRangeException>(() => Env.Make(Beacon.Id, frameStack: 0)).Message);
        Assert.Contains("collectResetEvery", Assert.Throws<ArgumentOutOfRangeException>(() => Env.Make(Beacon.Id, collectResetEvery: -1)).Message);
    }

    [Fact]
    public void Make_takes_the_registration_defaults_unless_told_otherwise()
    {
        var env = Env.Make(Beacon.Id);
        Assert.Equal((2, 100, 100, (int?)50), (env.FrameStack, env.EpisodeSteps, env.EvaluationSteps, env.CollectResetEvery));
        var other = Env.Make(Beacon.Id, frameStack: 1, episodeSteps: 40, collectResetEvery: 0);
        Assert.Equal((1, 40, 40, (int?)null), (other.FrameStack, other.EpisodeSteps, other.EvaluationSteps, other.CollectResetEvery));
        Assert.Equal(new[] { 1, 16, 16 }, other.Observations.Modalities[0].Shape);
    }

    [Fact]
    public void Pretraining_keeps_its_best_epoch_and_freezes_it_into_the_encoder_it_saves()
    {
        Assert.Equal("gmc", _t.Pretraining.Name);
        Assert.Equal(1, _t.Pretraining.CompletedEpochs);
        Assert.NotNull(_t.Pretraining.Best);
        Assert.Equal(6, _t.Encoder.FeatureSize);
        using var folder = new TestFolder("api-pretrain");
        string path = Path.Combine(folder.Path, "model.gmc");
        _t.Pretraining.Save(path);
        using var loaded = GmcEncoder.Load(path);
        var observations = Observations(4).ToArray();
        float[] a = new float[4 * 6], b = new float[4 * 6];
        _t.Encoder.Encode(observations, a);
        loaded.Encode(observations, b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void A_model_is_asked_for_before_any_epoch_gets_a_clear_error()
    {
        using var pretraining = Pretraining.Gmc(_t.Env.Collect(samples: 200, seed: 1), Trained.Options);
        Assert.Contains("call Run first", Assert.Throws<InvalidOperationException>(() => pretraining.Freeze()).Message);
    }

    [Fact]
    public void The_agent_follows_the_action_space_learns_to_its_steps_and_predicts_valid_actions()
    {
        Assert.Equal(Algorithm.Dqn, _t.Agent.Algorithm);
        Assert.Equal(300, _t.Learned.Steps);
        Assert.False(_t.Learned.Stopped);
        Assert.Equal(new long[] { 150, 300 }, _t.Learned.Evaluations.Select(e => e.Step));
        foreach (var observation in Observations(5))
        {
            float[] action = _t.Agent.Predict(observation);
            Assert.Single(action);
            Assert.InRange(action[0], 0, 2);
            Assert.Equal(action[0], MathF.Round(action[0]));
        }
    }

    [Fact]
    public void An_algorithm_that_cannot_act_in_the_action_space_or_an_encoder_of_other_observations_is_refused()
    {
        var sac = Assert.Throws<ArgumentException>(() => Agent.Create(_t.Env, _t.Encoder, new AgentSettings { Algorithm = Algorithm.Sac }));
        Assert.Contains("sac needs continuous actions, but beacon-v1 has Discrete(3)", sac.Message);
        var other = Assert.Throws<ArgumentException>(() => Agent.Create(Env.Make(Beacon.Id, frameStack: 1), _t.Encoder));
        Assert.Contains("The encoder reads image[2x16x16]", other.Message);
    }

    [Fact]
    public void A_saved_agent_loads_into_the_same_actions()
    {
        using var folder = new TestFolder("api-agent");
        string path = Path.Combine(folder.Path, "agent.ckpt");
        _t.Agent.Save(path);
        using var loaded = Agent.Load(path, _t.Env, _t.Encoder, Trained.Settings, seed: 99);
        using var fresh = Agent.Create(_t.Env, _t.Encoder, Trained.Settings, seed: 99);
        var observations = Observations(20);
        Assert.Equal(observations.Select(o => _t.Agent.Predict(o)[0]), observations.Select(o => loaded.Predict(o)[0]));
        Assert.NotEqual(observations.Select(o => _t.Agent.Predict(o)[0]), observations.Select(o => fresh.Predict(o)[0]));
    }

    // An encoder whose features are all NaN, as a diverged model's would be.
    private sealed class NotANumber(GmcRL.Representation.IFrozenEncoder inner) : GmcRL.Representation.IFrozenEncoder
    {
        public ObservationSpec Spec => inner.Spec;
        public GmcRL.Envs.Registry.Calibration? Calibration => inner.Calibration;
        public int FeatureSize => inner.FeatureSize;
        public void Encode(ReadOnlySpan<MultimodalObservation> observations, Span<float> features) => features.Fill(float.NaN);
        public void Dispose() { }
    }

    // Passes encoding on to an encoder, keeping the presence mask of every observation it is given.
    private sealed class MaskRecorder(GmcRL.Representation.IFrozenEncoder inner) : GmcRL.Representation.IFrozenEncoder
    {
        public List<PresenceMask> Masks { get; } = [];
        public ObservationSpec Spec => inner.Spec;
        public GmcRL.Envs.Registry.Calibration? Calibration => inner.Calibration;
        public int FeatureSize => inner.FeatureSize;

        public void Encode(ReadOnlySpan<MultimodalObservation> observations, Span<float> features)
        {
            foreach (var o in observations) Masks.Add(o.Mask);
            inner.Encode(observations, features);
        }

        public void Dispose() { } // the fixture's encoder outlives this
    }

    [Fact]
    public void Training_copies_drop_modalities_as_the_train_condition_says_and_the_training_evaluations_keep_them()
    {
        var all = PresenceMask.All(_t.Encoder.Spec.Count);
        List<PresenceMask> Seen(DropSchedule? drops, long evalEvery)
        {
            var recorder = new MaskRecorder(_t.Encoder);
            using var agent = Agent.Create(_t.Env, recorder, Trained.Settings, seed: 6);
            agent.Learn(200, new LearnOptions { LearningStarts = 50, EvalEvery = evalEvery, EvalEpisodes = 1, BufferSize = 500, TrainDrops = drops });
            return recorder.Masks;
        }

        Assert.All(Seen(null, evalEvery: 0), m => Assert.Equal(all, m)); // the paper's protocol: every modality
        var perStep = Seen(new DropSchedule.PerStep(0.5), evalEvery: 0);
        Assert.Contains(perStep, m => m != all);
        Assert.Contains(perStep, m => m == all);
        Assert.Equal(perStep, Seen(new DropSchedule.PerStep(0.5), evalEvery: 0)); // seeded: the same drops again
        // Two copies stepped together draw their own drops (each reset with its own seed), not one sequence twice.
        var two = new MaskRecorder(_t.Encoder);
        using (var agent = Agent.Create(_t.Env, two, Trained.Settings, seed: 6))
        {
            var twoCopies = new LearnOptions { LearningStarts = 50, EvalEvery = 0, BufferSize = 500, Envs = 2, TrainDrops = new DropSchedule.PerStep(0.5) };
            agent.Learn(200, twoCopies);
            // A later call continues the same environments: other drops are refused, the same ones (an equal schedule) go on.
            var e = Assert.Throws<ArgumentException>(() => agent.Learn(220, twoCopies with { TrainDrops = null }));
            Assert.Contains("LearnOptions.TrainDrops: this agent's training environments drop PerStep", e.Message);
            agent.Learn(220, twoCopies with { TrainDrops = new DropSchedule.PerStep(0.5) });
        }
        // Encoded two at a time (episodes of 100 steps: no final observation among the first 200): even entries copy 0.
        var copies = two.Masks.Take(200).ToList();
        Assert.NotEqual(copies.Where((_, i) => i % 2 == 0), copies.Where((_, i) => i % 2 == 1));
        var imageOnly = _t.Encoder.Spec.MaskOf(["image"]);
        var fixedImage = Seen(new DropSchedule.Fixed(["image"]), evalEvery: 100);
        // Training sees the image alone; the training evaluation (at step 100) sees every modality.
        Assert.Contains(fixedImage, m => m == imageOnly);
        Assert.Contains(fixedImage, m => m == all);
        Assert.All(fixedImage, m => Assert.True(m == imageOnly || m == all, $"mask {m}"));
        // A schedule the environment cannot follow is refused before anything trains, naming the option.
        using (var agent = Agent.Create(_t.Env, _t.Encoder, Trained.Settings, seed: 6))
        {
            var e = Assert.Throws<ArgumentException>(() => agent.Learn(200, new LearnOptions { LearningStarts = 50, EvalEvery = 0, BufferSize = 500, TrainDrops = new DropSchedule.Fixed(["smell"]) }));
            Assert.StartsWith("LearnOptions.TrainDrops: ", e.Message);
            Assert.Contains("smell", e.Message);
        }
    }

    [Fact]
    public void Learning_under_train_drops_stopped_at_a_checkpoint_and_resumed_ends_where_the_straight_run_ends()
    {
        // Per-step drops draw from the dropout wrapper's own random stream; it restarts at each checkpoint's
        // synchronisation point like the games, so a resumed agent sees the drops the straight one saw.
        using var folder = new TestFolder("api-drops-resume");
        var options = new LearnOptions { LearningStarts = 50, EvalEvery = 0, BufferSize = 500, CheckpointEvery = 100, TrainDrops = new DropSchedule.PerStep(0.5) };
        (byte[] Agent, List<PresenceMask> LastMasks) Final(string name, params long[] stops)
        {
            string checkpoints = Path.Combine(folder.Path, name), path = Path.Combine(folder.Path, name + ".agent");
            var recorder = new MaskRecorder(_t.Encoder);
            foreach (long stop in stops)
            {
                recorder.Masks.Clear();
                using var agent = Agent.Create(_t.Env, recorder, Trained.Settings, seed: 6);
                agent.Learn(stop, options with { CheckpointFolder = checkpoints });
                agent.Save(path);
            }
            return (File.ReadAllBytes(path), recorder.Masks);
        }

        var straight = Final("straight", 200);
        var resumed = Final("stopped", 100, 200);
        Assert.InRange(resumed.LastMasks.Count, 100, straight.LastMasks.Count - 100);
        Assert.Contains(resumed.LastMasks, m => m != PresenceMask.All(_t.Encoder.Spec.Count));
        Assert.Equal(straight.LastMasks.TakeLast(resumed.LastMasks.Count), resumed.LastMasks);
        Assert.Equal(straight.Agent, resumed.Agent);
    }

    [Fact]
    public void Feature_standardisation_gives_the_fitted_samples_zero_mean_and_unit_variance_and_keeps_its_map_in_a_file()
    {
        var map = FeatureStandardization.Fit(_t.Encoder, _t.Dataset, count: 200);
        Assert.Equal(200, map.Samples);
        var scaled = map.Apply(_t.Encoder);
        Assert.Equal((_t.Encoder.FeatureSize, _t.Encoder.Spec), (scaled.FeatureSize, scaled.Spec));
        var raw = FeatureStandardization.Fit(_t.Encoder, _t.Dataset, count: 200);
        var again = FeatureStandardization.Fit(scaled, _t.Dataset, count: 200); // the standardised features' own statistics
        Assert.All(again.Mean, m => Assert.InRange(m, -1e-4f, 1e-4f));
        Assert.All(again.Std, s => Assert.InRange(s, 1 - 1e-4f, 1 + 1e-4f));
        Assert.Contains(raw.Std, s => Math.Abs(s - 1) > 0.1); // the unit-sphere latent was not on that scale already
        // Missing modalities go through the representation first, then the same map.
        var observation = new MultimodalObservation(_t.Dataset.Spec);
        _t.Dataset.CopyObservation(250, observation);
        observation.Mask = _t.Encoder.Spec.MaskOf(["image"]);
        float[] before = new float[_t.Encoder.FeatureSize], after = new float[_t.Encoder.FeatureSize];
        _t.Encoder.Encode([observation], before);
        scaled.Encode([observation], after);
        Assert.Equal(before.Select((x, j) => (x - map.Mean[j]) / map.Std[j]), after, (a, b) => Math.Abs(a - b) < 1e-5);

        using var folder = new TestFolder("api-standardisation");
        string path = Path.Combine(folder.Path, "feature_standardization.json");
        map.Save(path);
        var loaded = FeatureStandardization.Load(path);
        Assert.Equal(map.Mean, loaded.Mean);
        Assert.Equal(map.Std, loaded.Std);
        Assert.Equal(map.Samples, loaded.Samples);
        Assert.Contains("gives 6", Assert.Throws<ArgumentException>(() => new FeatureStandardization([0f], [1f], 2).Apply(_t.Encoder)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureStandardization.Fit(_t.Encoder, _t.Dataset, count: 1));
        Assert.Contains("every standard deviation finite and at least", Assert.Throws<ArgumentException>(() => new FeatureStandardization(new float[6], new float[6], 2)).Message);
        // The map keeps its own copy: changing the arrays it was made from changes nothing.
        float[] mean = [.. map.Mean];
        var copy = new FeatureStandardization(mean, map.Std, map.Samples);
        mean[0] = 1e6f;
        Assert.Equal(map.Mean, copy.Mean);
        Assert.Contains("not finite", Assert.Throws<ArgumentException>(() => FeatureStandardization.Fit(new NotANumber(_t.Encoder), _t.Dataset, count: 10)).Message);
        foreach (var (text, expected) in new[]
        {
            ("{", "is not a valid feature standardisation"),
            ("{\"format_version\": 1, \"samples\": 5, \"mean\": [0, 0], \"std\": [1]}", "as many means as standard deviations"),
            ("{\"format_version\": 1, \"samples\": 5, \"mean\": [0], \"std\": [0]}", "every standard deviation finite and at least"),
            ("{\"format_version\": 1, \"samples\": 5}", "as many means as standard deviations"),
            ("{\"format_version\": 9, \"samples\": 5, \"mean\": [0], \"std\": [1]}", "has format version 9"),
        })
        {
            File.WriteAllText(path, text);
            Assert.Contains(expected, Assert.Throws<InvalidDataException>(() => FeatureStandardization.Load(path)).Message);
        }
    }

    [Fact]
    public void A_callback_that_says_stop_ends_learning_at_that_evaluation()
    {
        using var agent = Agent.Create(_t.Env, _t.Encoder, Trained.Settings, seed: 4);
        var seen = new Recorder();
        var result = agent.Learn(options: new LearnOptions
        {
            LearningStarts = 50, EvalEvery = 100, EvalEpisodes = 1, BufferSize = 500,
            Callbacks = [seen, new StopOnReturn(double.NegativeInfinity)],
        });
        Assert.True(result.Stopped);
        Assert.Equal(100, result.Steps);
        Assert.Equal(100, agent.Steps);
        Assert.Equal(0, seen.Start);
        Assert.Equal(new long[] { 100 }, seen.Evaluations);
        // Learning again continues from where it stopped.
        var more = agent.Learn(200, new LearnOptions { LearningStarts = 50, EvalEvery = 100, EvalEpisodes = 1, BufferSize = 500 });
        Assert.Equal(200, more.Steps);
        Assert.False(more.Stopped);
        // Both calls learned after the warm-up, so each reports a rate with updates: a finite, positive figure.
        Assert.True(double.IsFinite(result.LearningStepsPerSecond) && result.LearningStepsPerSecond > 0, $"{result.LearningStepsPerSecond}");
        Assert.True(double.IsFinite(more.LearningStepsPerSecond) && more.LearningStepsPerSecond > 0, $"{more.LearningStepsPerSecond}");
    }

    [Fact]
    public void KeepBest_saves_the_agent_of_the_first_evaluation_with_the_highest_mean_return()
    {
        using var folder = new TestFolder("keep-best");
        using var agent = Agent.Create(_t.Env, _t.Encoder, Trained.Settings, seed: 5);
        var snapshots = new Snapshots(agent, folder.Path);
        var best = new KeepBest(agent, Path.Combine(folder.Path, "best.ckpt"));
        var options = new LearnOptions { LearningStarts = 50, EvalEvery = 50, EvalEpisodes = 1, BufferSize = 500, Callbacks = [snapshots, best] };
        var evaluations = agent.Learn(options: options).Evaluations;

        Assert.Equal(6, evaluations.Count);
        Assert.True(evaluations.Select(e => e.MeanReturn).Distinct().Count() > 1, "every evaluation scored the same: the test chooses nothing");
        var first = evaluations.First(e => e.MeanReturn == evaluations.Max(x => x.MeanReturn));
        Assert.Equal((first.Step, first.MeanReturn), (best.BestStep, best.BestReturn));
        Assert.Equal(File.ReadAllBytes(snapshots.PathAt(first.Step)), File.ReadAllBytes(Path.Combine(folder.Path, "best.ckpt")));

        // Told of a better return from before a resume, it saves nothing that does not beat it.
        var resumed = new KeepBest(agent, Path.Combine(folder.Path, "resumed.ckpt")) { BestReturn = first.MeanReturn + 1e9 };
        agent.Learn(400, options with { Callbacks = [resumed] });
        Assert.Null(resumed.BestStep);
        Assert.False(File.Exists(Path.Combine(folder.Path, "resumed.ckpt")));
    }

    // The agent as it was at every evaluation.
    private sealed class Snapshots(Agent agent, string folder) : LearnCallback
    {
        public string PathAt(long step) => Path.Combine(folder, $"step-{step}.ckpt");
        public override bool OnEvaluation(TrainingEvaluation evaluation)
        {
            agent.Save(PathAt(evaluation.Step));
            return true;
        }
    }

    private sealed class Recorder : LearnCallback
    {
        public long Start = -1;
        public List<long> Evaluations { get; } = [];
        public override void OnStart(long step) => Start = step;
        public override bool OnEvaluation(TrainingEvaluation evaluation)
        {
            Evaluations.Add(evaluation.Step);
            return true;
        }
    }

    [Fact]
    public void Evaluation_reports_every_condition_and_the_random_floor_on_the_same_episodes()
    {
        var report = _t.Agent.Evaluate(options: new EvaluateOptions { Episodes = 2, Steps = 20, Parallel = 2 });
        string[] subsets = ["all", "image_only", "dial_only", "hum_only", "image+dial", "image+hum", "dial+hum"];
        Assert.Equal(subsets, report.Conditions.Take(7).Select(c => c.Name));
        Assert.Equal("random_policy", report.RandomPolicy!.Name);
        Assert.Equal(("beacon-v1", "gmc", "dqn", 3, 2, 20), (report.Env, report.Representation, report.Agent, report.Seed, report.Episodes, report.Steps));
        string table = report.Table();
        Assert.StartsWith("condition               reward/step    95% CI     kept", table);
        Assert.Contains("random_policy", table.Split('\n')[^2]);
        // Deterministic: the same call gives the same numbers.
        var again = _t.Agent.Evaluate(options: new EvaluateOptions { Episodes = 2, Steps = 20, Parallel = 2 });
        Assert.Equal(report.Conditions.Select(c => c.MeanRewardPerStep), again.Conditions.Select(c => c.MeanRewardPerStep));
    }

    [Fact]
    public void A_custom_schedule_is_applied_as_written()
    {
        // The image is missing for the first 5 steps of every 10; the rest always present.
        var schedule = new DropSchedule.Custom("halves", (step, _, dropped) => dropped[0] = step % 10 < 5);
        var condition = new EvaluationCondition("halves", null, schedule);
        var report = _t.Agent.Evaluate([condition], new EvaluateOptions { Episodes = 2, Steps = 20, Parallel = 1, RandomFloor = false });
        var result = Assert.Single(report.Conditions);
        Assert.Null(report.RandomPolicy);
        // The 20 observations acted on are those of steps 0 (the reset's) to 19: steps 0-4 and 10-14 lack the image.
        Assert.Equal(0.5, result.MissingFraction["image"], 6);
        Assert.Equal(0, result.MissingFraction["dial"]);
    }

    private IReadOnlyList<MultimodalObservation> Observations(int count)
    {
        var env = new GmcRL.Envs.Wrappers.FrameStack<int>(new Beacon(5), 2);
        var list = new List<MultimodalObservation> { env.Reset(5).Observation.Clone() };
        var rng = new Random(5);
        while (list.Count < count) list.Add(env.Step(rng.Next(3)).Observation.Clone());
        return list;
    }
}

/// <summary>The whole agent loop (stepping, encoding with the frozen GMC encoder, SAC updates, evaluations,
/// checkpoints) over 1,000 steps leaves TorchSharp's live-tensor count where it was.</summary>
[Collection(AgentsCollection.Name)]
public sealed class LoopTensorTests
{
    [Fact]
    public void A_thousand_steps_of_learning_leave_no_tensor_behind()
    {
        var env = Env.Make("multimodal-pendulum-v1", evaluationSteps: 20);
        using var pretraining = Pretraining.Gmc(env.Collect(samples: 200, seed: 0),
            new() { Epochs = 1, BatchSize = 64, Model = GmcRL.Representation.Gmc.GmcModelOptions.Reference with { LatentDim = 4 } });
        pretraining.Run();
        using var encoder = pretraining.Freeze();
        using var agent = Agent.Create(env, encoder, new AgentSettings { Steps = 1_200, Hidden = [16], BatchSize = 16 }, seed: 1);
        using var folder = new TestFolder("loop-tensors");
        var options = new LearnOptions { LearningStarts = 100, EvalEvery = 250, EvalEpisodes = 1, BufferSize = 2_000, CheckpointEvery = 500, CheckpointFolder = folder.Path };
        // The first 200 steps make what lives as long as the agent (optimiser state, the encoder's input tensors).
        agent.Learn(200, options);
        var stats = TorchSharp.DisposeScopeManager.Statistics;
        long live = stats.ThreadTotalLiveCount;
        var result = agent.Learn(1_200, options);
        Assert.Equal(1_200, result.Steps);
        Assert.Equal(live, stats.ThreadTotalLiveCount);
    }
}

/// <summary>MUSE's DQN settings reach the agent and the loop: epsilon's ends, the target interval, an update every few steps.</summary>
[Collection(AgentsCollection.Name)]
public sealed class DqnSettingsTests
{
    [Fact]
    public void Epsilon_runs_between_its_set_ends_and_the_loop_updates_every_few_steps()
    {
        Beacon.Register();
        var env = Env.Make(Beacon.Id, evaluationSteps: 10);
        using var state = env.TrueStateFeatures();
        var settings = new AgentSettings { Steps = 400, Hidden = [8], BatchSize = 8, ExplorationInitial = 0.1, ExplorationFinal = 0.01, ExplorationFraction = 0.5, TargetUpdateInterval = 7 };
        using var agent = Agent.Create(env, state, settings, seed: 2);
        var dqn = Assert.IsType<GmcRL.Agents.Dqn.DqnAgent>(agent.Learner);
        Assert.Equal((0.1, 0.055, 0.01, 0.01), (dqn.EpsilonAt(0), dqn.EpsilonAt(100), dqn.EpsilonAt(200), dqn.EpsilonAt(400)), new ToleranceComparer(1e-12));
        // The ramp of 200 steps starts where the agent begins to choose (MUSE: after its random steps).
        Assert.Equal((0.1, 0.1, 0.0775, 0.01), (dqn.EpsilonAt(50, 100), dqn.EpsilonAt(100, 100), dqn.EpsilonAt(150, 100), dqn.EpsilonAt(300, 100)), new ToleranceComparer(1e-12));

        // 400 steps, random for the first 100: an update every 4 steps after them gives 75; every step, 300 (one
        // fewer each: the first update comes after the warm-up's last step).
        var every4 = agent.Learn(options: new LearnOptions { LearningStarts = 100, TrainEvery = 4, EvalEvery = 0, BufferSize = 1_000 });
        using var other = Agent.Create(env, state, settings, seed: 2);
        var every1 = other.Learn(options: new LearnOptions { LearningStarts = 100, EvalEvery = 0, BufferSize = 1_000 });
        Assert.Equal(400, every4.Steps);
        Assert.InRange(every4.Updates, 74, 75);
        Assert.InRange(every1.Updates, 299, 300);
        Assert.Throws<ArgumentOutOfRangeException>(() => other.Learn(500, new LearnOptions { TrainEvery = 0 }));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<(double, double, double, double)>
    {
        public bool Equals((double, double, double, double) a, (double, double, double, double) b) =>
            Math.Abs(a.Item1 - b.Item1) < tolerance && Math.Abs(a.Item2 - b.Item2) < tolerance &&
            Math.Abs(a.Item3 - b.Item3) < tolerance && Math.Abs(a.Item4 - b.Item4) < tolerance;

        public int GetHashCode((double, double, double, double) value) => 0;
    }
}

/// <summary>Several environment copies stepped side by side change the speed, not the ratio of updates to steps.</summary>
[Collection(AgentsCollection.Name)]
public sealed class EnvCopiesTests
{
    [Fact]
    public void Copies_keep_one_update_per_train_every_steps_learn_the_same_way_twice_and_misfits_are_named()
    {
        Beacon.Register();
        var env = Env.Make(Beacon.Id, evaluationSteps: 10);
        using var state = env.TrueStateFeatures();
        var settings = new AgentSettings { Steps = 400, Hidden = [8], BatchSize = 8 };
        LearnResult Learn(int envs, int trainEvery)
        {
            using var agent = Agent.Create(env, state, settings, seed: 2);
            return agent.Learn(options: new LearnOptions { Envs = envs, LearningStarts = 100, TrainEvery = trainEvery, EvalEvery = 200, EvalEpisodes = 2, BufferSize = 1_000 });
        }

        // 300 steps after the warm-up: 4 copies and an update every 4 steps, 75 updates; every step, 300 (4 a vector step).
        var fourByFour = Learn(4, 4);
        Assert.Equal(400, fourByFour.Steps);
        Assert.InRange(fourByFour.Updates, 74, 75);
        Assert.InRange(Learn(4, 1).Updates, 296, 300);
        Assert.InRange(Learn(2, 4).Updates, 74, 75);
        var again = Learn(4, 4);
        Assert.Equal(fourByFour.Evaluations.Select(e => (e.Step, e.MeanReturn)), again.Evaluations.Select(e => (e.Step, e.MeanReturn)));

        using var other = Agent.Create(env, state, settings, seed: 2);
        Assert.Contains("3 copies and one gradient step every 4 steps do not fit",
            Assert.Throws<ArgumentException>(() => other.Learn(options: new LearnOptions { Envs = 3, TrainEvery = 4 })).Message);
        Assert.Contains("the evaluation interval (150) must be a multiple of the 4 copies",
            Assert.Throws<ArgumentException>(() => other.Learn(options: new LearnOptions { Envs = 4, EvalEvery = 150, LearningStarts = 100 })).Message);
    }
}
