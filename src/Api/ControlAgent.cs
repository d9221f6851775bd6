using GmcRL.Agents;
using GmcRL.Agents.Evaluation;
using GmcRL.Agents.Training;
using GmcRL.Envs;
using GmcRL.Envs.Vector;
using GmcRL.Envs.Wrappers;
using GmcRL.Pipeline;
using GmcRL.Progress;
using GmcRL.Reports;
using GmcRL.Representation;

namespace GmcRL;

/// <summary>An <see cref="Agent"/> for the action type of its environment: the training loop and the evaluator, both of
/// which need it.</summary>
internal sealed class ControlAgent<TAction>(Env env, IFrozenEncoder encoder, AgentSettings settings, int seed, ControlEnvironment<TAction> control)
    : Agent(env, encoder, settings, settings.Algorithm!.Value, seed, settings.Create(encoder.FeatureSize, control.Encoding.Spec, seed))
{
    private const string TrainingCheckpoint = "training.ckpt";
    private Trainer<MultimodalObservation, TAction>? _trainer;
    private DropSchedule? _trainDrops; // what the training environments drop, fixed when they are made
    private EncodedPolicy<TAction>? _policy;

    public override long Steps => _trainer?.Step ?? 0;

    private EncodedPolicy<TAction> Policy => _policy ??= new EncodedPolicy<TAction>(Encoder, Learner, control.Encoding);

    public override LearnResult Learn(long? steps = null, LearnOptions? options = null)
    {
        options ??= new LearnOptions();
        if (options.Threads < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Threads, "LearnOptions.Threads must be at least 1");
        if (options.TrainEvery < 1) throw new ArgumentOutOfRangeException(nameof(options), options.TrainEvery, "LearnOptions.TrainEvery must be at least 1");
        if (EnvCopies.Problem(options.Envs, options.TrainEvery, steps ?? Settings.Steps, options.LearningStarts, options.EvalEvery, options.CheckpointEvery) is { } problem)
            throw new ArgumentException($"LearnOptions.Envs: {problem}", nameof(options));
        int threads = TorchSharp.torch.get_num_threads();
        TorchSharp.torch.set_num_threads(options.Threads);
        try
        {
            return LearnWith(steps ?? Settings.Steps, options);
        }
        finally
        {
            TorchSharp.torch.set_num_threads(threads);
        }
    }

    private LearnResult LearnWith(long total, LearnOptions options)
    {
        // Told apart by what they print: records compare by value, but a Fixed schedule's list by reference.
        if (_trainer is not null && options.TrainDrops?.ToString() != _trainDrops?.ToString())
            throw new ArgumentException($"LearnOptions.TrainDrops: this agent's training environments drop {(_trainDrops?.ToString() ?? "nothing")}; " +
                "a later Learn call continues them and cannot change that (make a new agent to train under other drops).", nameof(options));
        var trainer = _trainer ??= Start(options);
        foreach (var callback in options.Callbacks) callback.OnStart(trainer.Step);
        using var bar = options.Progress is { } output ? new ProgressBar(output, "train", total, "steps", start: trainer.Step) : null;
        // The random warm-up runs many times faster than learning: the ETA counts from the first learning step.
        bool learning = trainer.Step >= options.LearningStarts;
        void Progress(TrainingProgress p)
        {
            if (!learning && p.Step >= options.LearningStarts)
            {
                learning = true;
                bar!.RestartRate();
            }
            bar!.Report(p.Step, learning ? p.Figure : "random warm-up  " + p.Figure);
        }
        var all = new List<TrainingEvaluation>();
        long learned = 0;
        double learnedSeconds = 0;
        double Rate() => learnedSeconds > 0 ? learned / learnedSeconds : 0;
        long chunk = options.EvalEvery > 0 ? options.EvalEvery : Math.Max(1, total);
        while (trainer.Step < total)
        {
            if (options.Stop.IsCancellationRequested) return Stopped(trainer, options, all, Rate());
            // Chunks end on multiples of the evaluation interval, and each starts at a synchronisation point, where a
            // stop's checkpoint may also be taken: learning resumed from any checkpoint then continues exactly as
            // uninterrupted learning (see Trainer.Synchronise).
            long next = Math.Min(total, (trainer.Step / chunk + 1) * chunk);
            trainer.Synchronise();
            var ran = trainer.Run(next, bar is null ? null : Progress);
            learned += ran.LearningSteps;
            learnedSeconds += ran.LearningSeconds;
            var evaluations = ran.Evaluations.ToList();
            // The learning curve ends at the last step even when it is not a multiple of the evaluation interval.
            if (options.EvalEvery > 0 && trainer.Step == total && (evaluations.Count == 0 || evaluations[^1].Step != trainer.Step))
                evaluations.Add(trainer.Evaluate());
            all.AddRange(evaluations);
            bool go = true;
            foreach (var e in evaluations)
                foreach (var callback in options.Callbacks)
                    go &= callback.OnEvaluation(e);
            if (!go && trainer.Step < total) return Stopped(trainer, options, all, Rate());
        }
        return new LearnResult(trainer.Step, all, Stopped: false) { Updates = trainer.Updates, LearningStepsPerSecond = Rate() };
    }

    private static LearnResult Stopped(Trainer<MultimodalObservation, TAction> trainer, LearnOptions options, List<TrainingEvaluation> evaluations, double rate)
    {
        if (options.CheckpointFolder is { } folder) trainer.SaveCheckpoint(folder);
        return new LearnResult(trainer.Step, evaluations, Stopped: true) { Updates = trainer.Updates, LearningStepsPerSecond = rate };
    }

    private Trainer<MultimodalObservation, TAction> Start(LearnOptions options)
    {
        var trainerOptions = new TrainerOptions
        {
            Seed = Seed,
            BufferSize = options.BufferSize,
            LearningStarts = options.LearningStarts,
            // One gradient step per TrainEvery environment steps, whatever the number of copies.
            TrainFrequency = Math.Max(1, options.TrainEvery / options.Envs),
            GradientSteps = Math.Max(1, options.Envs / options.TrainEvery),
            OverlapUpdates = options.Overlap,
            EvaluationInterval = options.EvalEvery,
            EvaluationEpisodes = options.EvalEpisodes,
            // Synchronisation points at the checkpoint interval whether or not checkpoints are written, so that a script
            // learns exactly what `gmcrl run` (which always writes them) learns.
            CheckpointInterval = options.CheckpointEvery,
            CheckpointDirectory = options.CheckpointFolder,
        };
        IEnvironment<MultimodalObservation, TAction> Make(DropSchedule? drops) => new TimeLimit<MultimodalObservation, TAction>(
            drops is null ? control.Make() : new ModalityDropout<TAction>(control.Make(), drops), Env.EpisodeSteps);
        try
        {
            options.TrainDrops?.Validate(Encoder.Spec);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"LearnOptions.TrainDrops: {e.Message}", nameof(options), e);
        }
        _trainDrops = options.TrainDrops;
        var envs = new VectorEnvironment<MultimodalObservation, TAction>(
            Enumerable.Range(0, options.Envs).Select(_ => Make(_trainDrops)).ToArray(), o => o.Clone());
        var trainer = new Trainer<MultimodalObservation, TAction>(Learner, Encoder, envs, Make(null), control.Encoding, trainerOptions);
        if (options.CheckpointFolder is { } folder && File.Exists(Path.Combine(folder, TrainingCheckpoint)))
        {
            trainer.Resume(folder);
            options.Progress?.WriteLine($"train: resuming at step {trainer.Step}");
        }
        return trainer;
    }

    public override float[] Predict(MultimodalObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var action = new TAction[1];
        Policy.Act(new[] { observation }, action);
        return control.Taken(action[0]);
    }

    public override EvaluationReport Evaluate(IReadOnlyList<EvaluationCondition>? conditions = null, EvaluateOptions? options = null)
    {
        options ??= new EvaluateOptions();
        conditions ??= EvaluationCondition.Standard(Encoder.Spec);
        if (options.Replays > 0 && options.ReplayFolder is null)
            throw new ArgumentException("EvaluateOptions.Replays needs a ReplayFolder to write them to.", nameof(options));
        var evaluation = new EvaluationOptions
        {
            Episodes = options.Episodes,
            Steps = options.Steps ?? Env.EvaluationSteps,
            Seed = options.Seed,
            Parallel = options.Parallel,
        }.Validated();
        long episodes = (long)(conditions.Count + (options.RandomFloor ? 1 : 0)) * evaluation.Episodes;
        using var bar = options.Progress is { } output ? new ProgressBar(output, "evaluate", episodes, "episodes") : null;
        int finished = 0;
        var replays = options.Replays == 0 ? null : new ReplayRecording<TAction>(options.ReplayFolder!, Algorithm.Name(),
            options.Replays, Env.FrameStack, Encoder.Spec, Env.Registration, Policy, control.Taken);
        var results = MissingModalityEvaluator.Evaluate(control.Make, Policy, conditions, evaluation,
            (condition, _) => bar?.Report(++finished, conditions[condition].Name), replays);
        ConditionResult? random = null;
        if (options.RandomFloor)
        {
            // Uniformly random actions on the same episodes, every modality present.
            var floor = EvaluationCondition.Standard(Encoder.Spec)[0] with { Name = "random_policy" };
            random = MissingModalityEvaluator.Evaluate(control.Make, new RandomPolicy<MultimodalObservation, TAction>(control.Space, Seed),
                [floor], evaluation, (_, _) => bar?.Report(++finished, floor.Name))[0];
        }
        return new EvaluationReport(EvaluationReport.CurrentFormatVersion, Env.Id, RepresentationName, Algorithm.Name(), Seed,
            evaluation.Episodes, evaluation.Steps, results, random, Env.Registration.Score, evaluation.Seed);
    }
}
