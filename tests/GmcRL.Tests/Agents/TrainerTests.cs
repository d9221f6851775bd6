using System.Diagnostics;
using GmcRL.Agents;
using GmcRL.Agents.Checkpoints;
using GmcRL.Agents.Dqn;
using GmcRL.Agents.Training;
using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Vector;
using GmcRL.Envs.Wrappers;
using GmcRL.Representation;

namespace GmcRL.Tests.Agents;

[Collection(AgentsCollection.Name)]
public sealed class TrainerTests : IDisposable
{
    private const int Length = 5;
    private readonly TestFolder _folder = new("gmcrl-trainer");
    private string _dir => _folder.Path;

    public void Dispose() => _folder.Dispose();

    /// <summary>Counts encoder calls around the identity representation.</summary>
    private sealed class CountingFeatures(int size) : IFeatureSource<float[]>
    {
        private readonly StateFeatures _inner = new(size);
        public int Calls { get; private set; }
        public int FeatureSize => _inner.FeatureSize;

        public void Encode(ReadOnlySpan<float[]> observations, Span<float> features)
        {
            Calls++;
            _inner.Encode(observations, features);
        }
    }

    /// <summary>Keeps every episode's reset seed and the rewards the wrapped environment gave, in order.</summary>
    private sealed class RewardLog<TAction>(IEnvironment<float[], TAction> inner) : IEnvironment<float[], TAction>
    {
        public sealed class Episode(int? seed)
        {
            public int? Seed { get; } = seed;
            public List<double> Rewards { get; } = [];
            public bool Ended { get; set; }
        }

        public List<Episode> Episodes { get; } = [];
        public ISpace<float[]> ObservationSpace => inner.ObservationSpace;
        public ISpace<TAction> ActionSpace => inner.ActionSpace;

        public ResetResult<float[]> Reset(int? seed = null)
        {
            Episodes.Add(new Episode(seed));
            return inner.Reset(seed);
        }

        public StepResult<float[]> Step(TAction action)
        {
            var result = inner.Step(action);
            Episodes[^1].Rewards.Add(result.Reward);
            Episodes[^1].Ended = result.Done;
            return result;
        }
    }

    /// <summary>Takes at least <paramref name="delay"/> per step, on the same clock as the trainer's Stopwatch.</summary>
    private sealed class Slow<TAction>(IEnvironment<float[], TAction> inner, TimeSpan delay) : IEnvironment<float[], TAction>
    {
        public ISpace<float[]> ObservationSpace => inner.ObservationSpace;
        public ISpace<TAction> ActionSpace => inner.ActionSpace;
        public ResetResult<float[]> Reset(int? seed = null) => inner.Reset(seed);

        public StepResult<float[]> Step(TAction action)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < delay) Thread.Sleep(1);
            return inner.Step(action);
        }
    }

    private static IEnvironment<float[], int> Chain(int limit) => new TimeLimit<float[], int>(new ChainEnvironment(Length), limit);

    private static DqnAgent Agent(int seed = 0) =>
        new(Length, ActionSpec.Discrete(2), new DqnOptions { Hidden = [16], BatchSize = 8, ExplorationSteps = 100 }, seed);

    private static Trainer<float[], int> Trainer(IAgent agent, IFeatureSource<float[]> features, int envs, TrainerOptions options) =>
        new(agent, features, new VectorEnvironment<float[], int>(Enumerable.Range(0, envs).Select(_ => Chain(3)).ToArray(), o => (float[])o.Clone()),
            Chain(3), new DiscreteActionEncoding(new Discrete(2)), options);

    [Fact]
    public void One_encoder_call_per_vector_step_and_ended_episodes_keep_their_last_state()
    {
        using var agent = Agent();
        var features = new CountingFeatures(Length);
        var trainer = Trainer(agent, features, envs: 2, new TrainerOptions { BufferSize = 1_000, LearningStarts = 50 });

        var result = trainer.Run(200);

        Assert.Equal(200, result.Steps);
        Assert.Equal(1 + 100, features.Calls);
        // Every stored transition moves one cell (or stays at the wall): a next state taken from the following
        // episode's reset instead of the truncated episode's last state would break this.
        var batch = new Batch(500, Length, 1);
        trainer.Buffer.Sample(new Random(0), batch);
        int truncated = 0;
        for (int row = 0; row < batch.Size; row++)
        {
            int from = Array.IndexOf(batch.Features, 1f, row * Length, Length) - row * Length;
            int to = Array.IndexOf(batch.NextFeatures, 1f, row * Length, Length) - row * Length;
            Assert.True(Math.Abs(to - from) == 1 || (from == 0 && to == 0), $"transition {from} -> {to}");
            if (batch.Truncated[row]) truncated++;
            Assert.False(batch.Terminated[row] && batch.Truncated[row]);
        }
        Assert.True(truncated > 0, "expected some truncated transitions with a 3-step limit");
    }

    [Fact]
    public void Training_resumes_from_a_checkpoint()
    {
        var options = new TrainerOptions { BufferSize = 1_000, LearningStarts = 50, CheckpointInterval = 200, CheckpointDirectory = _dir };
        using (var agent = Agent())
        {
            var first = Trainer(agent, new StateFeatures(Length), 1, options);
            first.Run(300);
            Assert.Equal(300, first.Buffer.Count); // checkpointed at 200, then ran on
        }
        using var resumed = Agent(seed: 9);
        var trainer = Trainer(resumed, new StateFeatures(Length), 1, options with { CheckpointInterval = 0 });
        trainer.Resume(_dir);
        Assert.Equal(200, trainer.Step);
        Assert.Equal(200, trainer.Buffer.Count);

        var result = trainer.Run(350);

        Assert.Equal(350, result.Steps);
        Assert.Equal(350, trainer.Buffer.Count);
    }

    [Theory]
    [MemberData(nameof(TestAgents.Algorithms), MemberType = typeof(TestAgents))]
    public void A_run_resumed_from_a_checkpoint_ends_exactly_where_the_uninterrupted_run_ends(Algorithm algorithm)
    {
        // Straight to 260 steps with a checkpoint at 120, against: stopped at that checkpoint, then resumed into a fresh
        // agent of another seed. Every random stream restarts at the checkpoint's synchronisation point in both.
        string straight = Directory.CreateDirectory(Path.Combine(_dir, "straight")).FullName;
        string stopped = Directory.CreateDirectory(Path.Combine(_dir, "stopped")).FullName;
        var options = new TrainerOptions { BufferSize = 1_000, LearningStarts = 40, CheckpointInterval = 120, EvaluationEpisodes = 1 };
        string Final(string folder, int agentSeed, long stopAt, bool resume)
        {
            using var agent = TestAgents.Create(algorithm, seed: agentSeed, featureSize: 3, actions: Actions(algorithm));
            var trainer = PendulumTrainer(agent, algorithm, options with { CheckpointDirectory = folder });
            if (resume) trainer.Resume(folder);
            trainer.Run(stopAt);
            string path = Path.Combine(folder, $"final-{stopAt}-{resume}.ckpt");
            agent.Save(path);
            return path;
        }

        string expected = Final(straight, agentSeed: 0, stopAt: 260, resume: false);
        Final(stopped, agentSeed: 0, stopAt: 120, resume: false);
        string actual = Final(stopped, agentSeed: 5, stopAt: 260, resume: true);

        Assert.Equal(File.ReadAllBytes(expected), File.ReadAllBytes(actual));
    }

    [Theory]
    [MemberData(nameof(TestAgents.Algorithms), MemberType = typeof(TestAgents))]
    public void Writing_checkpoints_does_not_change_what_is_learned(Algorithm algorithm)
    {
        // The same checkpoint interval with and without a folder: the synchronisation points are the same, so the
        // agents end bit for bit alike (a script without a folder learns what `gmcrl run` learns).
        var options = new TrainerOptions { BufferSize = 1_000, LearningStarts = 40, CheckpointInterval = 120, EvaluationEpisodes = 1 };
        string Final(string? folder, string name)
        {
            using var agent = TestAgents.Create(algorithm, seed: 0, featureSize: 3, actions: Actions(algorithm));
            PendulumTrainer(agent, algorithm, options with { CheckpointDirectory = folder }).Run(260);
            string path = Path.Combine(_dir, name);
            agent.Save(path);
            return path;
        }

        string with = Final(Directory.CreateDirectory(Path.Combine(_dir, "checkpoints")).FullName, "with.ckpt");
        string without = Final(null, "without.ckpt");

        Assert.True(File.Exists(Path.Combine(_dir, "checkpoints", "training.ckpt")));
        Assert.Equal(File.ReadAllBytes(with), File.ReadAllBytes(without));
    }

    private static ActionSpec Actions(Algorithm algorithm) =>
        algorithm == Algorithm.Dqn ? ActionSpec.Discrete(3) : ActionSpec.Continuous([-2f], [2f]);

    // The pendulum with a 50-step limit and its true state as features; three torques for DQN.
    private static ITrainer PendulumTrainer(IAgent agent, Algorithm algorithm, TrainerOptions options)
    {
        IEnvironment<float[], float[]> Pendulum(int seed) => new TimeLimit<float[], float[]>(new Pendulum(seed: seed), 50);
        var box = (Box)Pendulum(0).ActionSpace;
        if (algorithm == Algorithm.Dqn)
        {
            IEnvironment<float[], int> Choices(int seed) => new DiscreteActions<float[]>(Pendulum(seed), 3);
            return new TrainerOf<int>(new Trainer<float[], int>(agent, new StateFeatures(3),
                new VectorEnvironment<float[], int>([Choices(1)], o => (float[])o.Clone()), Choices(2), new DiscreteActionEncoding(new Discrete(3)), options));
        }
        return new TrainerOf<float[]>(new Trainer<float[], float[]>(agent, new StateFeatures(3),
            new VectorEnvironment<float[], float[]>([Pendulum(1)], o => (float[])o.Clone()), Pendulum(2), new BoxActionEncoding(box), options));
    }

    private interface ITrainer
    {
        void Resume(string folder);
        void Run(long steps);
    }

    private sealed class TrainerOf<TAction>(Trainer<float[], TAction> trainer) : ITrainer
    {
        public void Resume(string folder) => trainer.Resume(folder);
        public void Run(long steps) => trainer.Run(steps);
    }

    // Trains a DQN agent to step 50 with a checkpoint every 50 steps in _dir; returns the options, to resume with.
    private TrainerOptions CheckpointedAt50()
    {
        var options = new TrainerOptions { BufferSize = 1_000, LearningStarts = 10, CheckpointInterval = 50, CheckpointDirectory = _dir };
        using (var agent = Agent()) Trainer(agent, new StateFeatures(Length), 1, options).Run(50);
        return options;
    }

    private IEnumerable<string?> CheckpointFiles() => Directory.GetFiles(_dir).Select(Path.GetFileName).Order();

    [Fact]
    public void A_stop_between_writing_the_agent_and_the_training_state_resumes_from_the_previous_matching_pair()
    {
        var options = CheckpointedAt50();
        Assert.Equal(["agent-50.ckpt", "training.ckpt"], CheckpointFiles());
        byte[] at50 = File.ReadAllBytes(Path.Combine(_dir, "agent-50.ckpt"));

        // A process killed after the next checkpoint's agent file but before its training.ckpt: another agent's file
        // for step 100 lies beside the step-50 pair.
        using (var other = Agent(seed: 7)) other.Save(Path.Combine(_dir, "agent-100.ckpt"));
        using (var resumed = Agent(seed: 3))
        {
            var trainer = Trainer(resumed, new StateFeatures(Length), 1, options);
            trainer.Resume(_dir);
            Assert.Equal(50, trainer.Step);
            string check = Path.Combine(_folder.Path, "..", $"resumed-{Guid.NewGuid():N}.ckpt");
            try
            {
                resumed.Save(check);
                Assert.Equal(at50, File.ReadAllBytes(check));
            }
            finally { File.Delete(check); }

            // The next checkpoint replaces the pair and removes the older agent files.
            trainer.Run(100);
        }
        Assert.Equal(["agent-100.ckpt", "training.ckpt"], CheckpointFiles());
    }

    [Fact]
    public void A_checkpoint_folder_without_the_agent_file_of_its_step_fails_clearly_and_changes_nothing()
    {
        var options = CheckpointedAt50();
        File.Move(Path.Combine(_dir, "agent-50.ckpt"), Path.Combine(_dir, "agent.ckpt"));
        using var resumed = Agent(seed: 3);
        var trainer = Trainer(resumed, new StateFeatures(Length), 1, options);
        var e = Assert.Throws<CheckpointException>(() => trainer.Resume(_dir));
        Assert.Contains($"'{Path.Combine(_dir, "agent-50.ckpt")}': it does not exist", e.Message);
        Assert.Equal(0, trainer.Step);
    }

    [Fact]
    public void Resuming_a_checkpoint_made_for_another_setup_fails_clearly()
    {
        var options = CheckpointedAt50();
        string trainingFile = Path.Combine(_dir, "training.ckpt");
        var header = CheckpointFile.ReadHeader(trainingFile);
        Assert.Equal(Algorithm.Dqn, header.Algorithm);

        using var other = Agent();
        var trainer = Trainer(other, new StateFeatures(Length), 2, options with { CheckpointInterval = 0 });
        var e = Assert.Throws<CheckpointException>(() => trainer.Resume(_dir));
        Assert.Contains("2 environment(s)", e.Message);
    }

    [Fact]
    public void The_agent_chooses_from_the_learning_start_on_and_knows_when_that_was()
    {
        // Before step 20 the loop plays random actions itself; from it on the agent chooses, exploring, told the start
        // (DQN's epsilon ramp counts from there, as MUSE's does).
        using var inner = Agent();
        var watched = new ModesWatched(inner);
        Trainer(watched, new StateFeatures(Length), 1, new TrainerOptions { BufferSize = 500, LearningStarts = 20, EvaluationInterval = 0 }).Run(30);
        Assert.Equal(Enumerable.Range(20, 10).Select(s => ActMode.Exploring(s, 20)), watched.Modes);
        Assert.Equal(Enumerable.Range(0, 10), watched.Modes.Select(m => (int)m.StepsSinceLearningStarts));
    }

    private sealed class ModesWatched(IAgent inner) : Delegating(inner)
    {
        public List<ActMode> Modes { get; } = [];

        public override void Act(ReadOnlySpan<float> features, Span<float> actions, ActMode mode)
        {
            Modes.Add(mode);
            Inner.Act(features, actions, mode);
        }

        public override UpdateMetrics Update(Batch batch) => Inner.Update(batch);
    }

    [Fact]
    public void Progress_is_reported_every_step_with_the_recent_return_and_the_latest_evaluation()
    {
        using var agent = Agent();
        var reports = new List<TrainingProgress>();
        var trainer = Trainer(agent, new StateFeatures(Length), 1, new TrainerOptions { BufferSize = 500, LearningStarts = 20, EvaluationInterval = 50, EvaluationEpisodes = 2 });

        var result = trainer.Run(100, reports.Add);

        // One report per step; the latest evaluation and the recent return appear once they exist.
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), reports.Select(p => p.Step));
        Assert.Null(reports[0].LastEvaluation);
        Assert.Equal(result.Evaluations[0], reports[49].LastEvaluation);
        Assert.Equal(result.Evaluations[1], reports[^1].LastEvaluation);
        Assert.NotNull(reports[^1].RecentReturn);
        Assert.Matches(@"^return -?\d+\.\d  eval -?\d+\.\d$", reports[^1].Figure);
        Assert.Equal("return -  eval -", reports[0].Figure);
        Assert.Equal([50L, 100L], result.Evaluations.Select(e => e.Step).ToArray());
    }

    [Fact]
    public void A_feature_source_of_another_size_is_refused()
    {
        using var agent = Agent();
        var e = Assert.Throws<ArgumentException>(() => Trainer(agent, new StateFeatures(Length + 1), 1, new TrainerOptions()));
        Assert.Contains("produces 6 features", e.Message);
    }

    [Fact]
    public void Sac_trains_on_the_pendulum_through_the_box_encoding_and_its_returns_are_the_rewards_the_environments_gave()
    {
        using var agent = TestAgents.Create(Algorithm.Sac, featureSize: 3);
        IEnvironment<float[], float[]> Pendulum(int seed) => new TimeLimit<float[], float[]>(new Pendulum(seed: seed), 50);
        var box = (Box)Pendulum(0).ActionSpace;
        RewardLog<float[]>[] training = [new(Pendulum(1)), new(Pendulum(2))];
        var evaluation = new RewardLog<float[]>(Pendulum(3));
        var options = new TrainerOptions { BufferSize = 1_000, LearningStarts = 40, EvaluationEpisodes = 2 };
        var trainer = new Trainer<float[], float[]>(agent, new StateFeatures(3),
            new VectorEnvironment<float[], float[]>(training, o => (float[])o.Clone()), evaluation, new BoxActionEncoding(box), options);

        var result = trainer.Run(200);

        Assert.Equal(200, result.Steps);
        Assert.Equal(4, result.Episodes);
        Assert.Equal((200 - 40) / 2, result.Updates);
        Assert.True(double.IsFinite(result.LastUpdate!.Value.CriticLoss));
        // The recent return: the mean of the 4 finished training episodes' rewards, summed here.
        double[] finished = training.SelectMany(log => log.Episodes.Where(e => e.Ended)).Select(e => e.Rewards.Sum()).ToArray();
        Assert.Equal(4, finished.Length);
        Assert.Equal(finished.Average(), trainer.RecentReturn!.Value, 9);

        var evaluated = trainer.Evaluate();

        // Two whole 50-step episodes from the evaluation seeds; their mean and spread are those of the rewards given.
        Assert.Equal([options.EvaluationSeed, options.EvaluationSeed + 1], evaluation.Episodes.Select(e => e.Seed));
        Assert.All(evaluation.Episodes, e => Assert.Equal(50, e.Rewards.Count));
        double[] returns = evaluation.Episodes.Select(e => e.Rewards.Sum()).ToArray();
        Assert.NotEqual(returns[0], returns[1]);
        Assert.Equal(2, evaluated.Episodes);
        Assert.Equal(returns.Average(), evaluated.MeanReturn, 9);
        Assert.Equal(Math.Abs(returns[0] - returns[1]) / 2, evaluated.StdReturn, 9);
        // Deterministic actions: evaluating again gives the same returns.
        Assert.Equal(evaluated.MeanReturn, trainer.Evaluate().MeanReturn);
    }

    [Fact]
    public void The_steps_per_second_count_the_training_steps_time_and_leave_out_evaluations()
    {
        // Every training step takes at least 5 ms and every evaluation at least 3 x 50 ms, so the rate of 40 steps can
        // be at most 200 per second, and at least 40 over the wall time less the 0.3 s that the two evaluations took.
        // The trainer's Stopwatch is not replaceable, so these are bounds rather than an exact rate.
        var trainingDelay = TimeSpan.FromMilliseconds(5);
        var evaluationDelay = TimeSpan.FromMilliseconds(50);
        using var agent = Agent();
        var trainer = new Trainer<float[], int>(agent, new StateFeatures(Length),
            new VectorEnvironment<float[], int>([new Slow<int>(Chain(3), trainingDelay)], o => (float[])o.Clone()),
            new Slow<int>(Chain(3), evaluationDelay), new DiscreteActionEncoding(new Discrete(2)),
            new TrainerOptions { BufferSize = 500, LearningStarts = 20, EvaluationInterval = 20, EvaluationEpisodes = 1 });

        var result = trainer.Run(40);

        Assert.Equal(2, result.Evaluations.Count);
        double evaluationSeconds = 2 * 3 * evaluationDelay.TotalSeconds;
        Assert.InRange(result.StepsPerSecond, 40 / (result.WallSeconds - evaluationSeconds), 1 / trainingDelay.TotalSeconds);
        // The learning rate counts the 20 steps from step 20 on, within the same bounds.
        Assert.InRange(result.LearningStepsPerSecond, 20 / (result.WallSeconds - evaluationSeconds), 1 / trainingDelay.TotalSeconds);
    }

    /// <summary>Delegates everything to a real agent; subclasses watch or change its updates.</summary>
    private abstract class Delegating(IAgent inner) : IAgent
    {
        protected IAgent Inner => inner;
        public Algorithm Algorithm => inner.Algorithm;
        public int FeatureSize => inner.FeatureSize;
        public ActionSpec ActionSpec => inner.ActionSpec;
        public int BatchSize => inner.BatchSize;
        public virtual void Act(ReadOnlySpan<float> features, Span<float> actions, ActMode mode) => inner.Act(features, actions, mode);
        public void ResetExploration(int slot) => inner.ResetExploration(slot);
        public void Reseed(int seed) => inner.Reseed(seed);
        public float[] Targets(Batch batch) => inner.Targets(batch);
        public void Save(string path) => inner.Save(path);
        public void Load(string path) => inner.Load(path);
        public void Dispose() { }
        public abstract UpdateMetrics Update(Batch batch);
    }

    /// <summary>A meeting point of an update and the step's encoding: each waits (up to 30 s) for the other to arrive,
    /// which only both can do when they run at the same time (serially, the one blocks the other), so a run that
    /// finishes proves that they ran side by side, on any load.</summary>
    private sealed class Meeting
    {
        private int _updates, _encodings;

        public void Update() => Arrive(ref _updates, ref _encodings);
        public void Encoding() => Arrive(ref _encodings, ref _updates);

        private static void Arrive(ref int mine, ref int theirs)
        {
            int n = Interlocked.Increment(ref mine);
            int seen = 0;
            var clock = Stopwatch.StartNew();
            while ((seen = Volatile.Read(ref theirs)) < n && clock.Elapsed < TimeSpan.FromSeconds(30)) Thread.SpinWait(50);
            if (seen < n) throw new TimeoutException("an update and the step's encoding did not run at the same time");
        }
    }

    /// <summary>Records, at each update, the newest stored transition that its batch could hold (the buffer's count)
    /// and the thread it ran on; meets the step's encoding when given a meeting.</summary>
    private sealed class Watched(IAgent inner, Func<int> stored, Meeting? meeting) : Delegating(inner)
    {
        public List<(int Stored, int Thread)> Updates { get; } = [];

        public override UpdateMetrics Update(Batch batch)
        {
            int count = stored();
            var metrics = Inner.Update(batch);
            meeting?.Update();
            Updates.Add((count, Environment.CurrentManagedThreadId));
            return metrics;
        }
    }

    /// <summary>Records the thread of its first call; from call <paramref name="meetFrom"/> on, meets an update.</summary>
    private sealed class MeetingFeatures(int size, Meeting? meeting, int meetFrom) : IFeatureSource<float[]>
    {
        private readonly StateFeatures _inner = new(size);
        private int _calls;
        public int FirstThread { get; private set; }
        public int FeatureSize => _inner.FeatureSize;

        public void Encode(ReadOnlySpan<float[]> observations, Span<float> features)
        {
            if (_calls++ == 0) FirstThread = Environment.CurrentManagedThreadId;
            _inner.Encode(observations, features);
            if (_calls > meetFrom) meeting?.Encoding();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Overlapped_updates_run_beside_the_encoder_on_the_transitions_stored_before_the_step(bool overlap)
    {
        using var inner = Agent();
        Trainer<float[], int>? trainer = null;
        var meeting = overlap ? new Meeting() : null;
        // The first call encodes the resets, call 1 + k step k; steps 21 to 40 update.
        var features = new MeetingFeatures(Length, meeting, meetFrom: 21);
        var agent = new Watched(inner, () => trainer!.Buffer.Count, meeting);
        trainer = Trainer(agent, features, envs: 1, new TrainerOptions { BufferSize = 1_000, LearningStarts = 20, OverlapUpdates = overlap });

        var result = trainer.Run(40);

        // Serially an update follows the storing of its step's transition (21 ... 40 stored); overlapped it runs while
        // the step is encoded (they met 20 times), before that transition is stored (20 ... 39).
        Assert.Equal(20, result.Updates);
        Assert.Equal(Enumerable.Range(overlap ? 20 : 21, 20), agent.Updates.Select(u => u.Stored));
        Assert.Equal(overlap, agent.Updates.All(u => u.Thread != features.FirstThread));
        Assert.All(agent.Updates, u => Assert.Equal(agent.Updates[0].Thread, u.Thread));
    }

    [Fact]
    public void Overlapped_updates_learn_the_same_agent_every_time()
    {
        var options = new TrainerOptions { BufferSize = 1_000, LearningStarts = 40, OverlapUpdates = true, Seed = 3 };
        float[] Learned()
        {
            using var agent = Agent();
            var trainer = Trainer(agent, new StateFeatures(Length), envs: 2, options);
            trainer.Run(400);
            var batch = new Batch(64, Length, 1);
            trainer.Buffer.Sample(new Random(5), batch);
            return agent.Targets(batch);
        }

        var first = Learned();
        Assert.Equal(first, Learned());
        Assert.Contains(first, t => t != 0);
    }

    /// <summary>Fails its update at the given count.</summary>
    private sealed class FailingUpdate(IAgent inner, int failAt) : Delegating(inner)
    {
        private int _updates;

        public override UpdateMetrics Update(Batch batch) =>
            ++_updates == failAt ? throw new InvalidDataException($"update {failAt} failed") : Inner.Update(batch);
    }

    [Fact]
    public void An_overlapped_update_that_throws_ends_the_run_with_its_own_exception()
    {
        using var inner = Agent();
        var trainer = Trainer(new FailingUpdate(inner, failAt: 5), new StateFeatures(Length), envs: 1,
            new TrainerOptions { BufferSize = 500, LearningStarts = 20, OverlapUpdates = true });

        var e = Assert.Throws<InvalidDataException>(() => trainer.Run(100));

        Assert.Equal("update 5 failed", e.Message);
        // Updates start with step 21, so the fifth belongs to step 25, which is not counted as taken.
        Assert.Equal(24, trainer.Step);
    }
}
