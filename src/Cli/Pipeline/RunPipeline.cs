using System.Globalization;
using System.Text;
using GmcRL.Agents;
using GmcRL.Agents.Ddpg;
using GmcRL.Agents.Dqn;
using GmcRL.Agents.Evaluation;
using GmcRL.Agents.Sac;
using GmcRL.Agents.Training;
using GmcRL.Cli.Config;
using GmcRL.Cli.Reports;
using GmcRL.Cli.Runs;
using GmcRL.Envs;
using GmcRL.Envs.IO;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Vector;
using GmcRL.Envs.Wrappers;
using GmcRL.Representation;
using GmcRL.Representation.Baselines;
using GmcRL.Representation.Data;
using GmcRL.Representation.Gmc;
using GmcRL.Representation.Training;

namespace GmcRL.Cli.Pipeline;

/// <summary>The stages of a run, in order.</summary>
public enum Stage
{
    /// <summary>Collect the pretraining dataset with random torques.</summary>
    Collect,

    /// <summary>Pretrain GMC on the dataset.</summary>
    Pretrain,

    /// <summary>Train the agent on the frozen latent.</summary>
    Train,

    /// <summary>Evaluate with missing modalities and write the report.</summary>
    Evaluate,
}

/// <summary>
/// Runs a run folder's stages in order, each skipped when its output already exists (outputs are written atomically,
/// so an existing output is a finished stage). Stopping (Ctrl-C) takes effect between pretraining epochs and between
/// training chunks, after a checkpoint, so that running again continues where it stopped.
/// </summary>
/// <param name="run">The run folder.</param>
/// <param name="output">Where progress goes.</param>
/// <param name="stop">Stops at the next safe point when cancelled.</param>
/// <param name="command">The gmcrl command that continues a stopped run (named in the stop message), or null when the
/// caller names its own (as <c>gmcrl compare</c> does).</param>
public sealed class RunPipeline(RunFolder run, TextWriter output, CancellationToken stop, string? command = "run")
{
    private TensorBoardLog? _tensorBoard;

    // Created on first use, so a run whose stages are all finished adds no event file.
    private TensorBoardLog TensorBoard => _tensorBoard ??= new TensorBoardLog(run.TensorBoard);

    private RunConfig Config => run.Config;

    /// <summary>Runs every stage up to and including <paramref name="last"/>; returns false when stopped early.</summary>
    public bool RunThrough(Stage last)
    {
        output.WriteLine($"run folder: {run.Path}");
        // A stage whose output path is taken by a folder would fail only at its end, perhaps hours later.
        foreach (string? file in new[] { run.Dataset, run.RepresentationModel, run.AgentCheckpoint, run.Metrics, run.Evaluation, run.Report })
            if (file is not null && Directory.Exists(file))
                throw new ConfigException($"'{file}' is a folder, but the run writes a file there; move it away and run again.");
        // A fixed thread count keeps runs reproducible: libtorch's reductions depend on it.
        TorchSharp.torch.set_num_threads(Config.Threads > 0 ? Config.Threads : Environment.ProcessorCount);
        foreach (var (key, count) in new[] { ("threads", Config.Threads), ("agent.threads", Config.Agent.Threads) })
            if (count > Environment.ProcessorCount)
                output.WriteLine($"warning: {key} {count} is more than the {Environment.ProcessorCount} processors here; the threads will wait for each other and the run will be slow.");
        foreach (var stage in Enum.GetValues<Stage>().Where(s => s <= last))
        {
            bool before = stop.IsCancellationRequested;
            if (!before && stage switch
            {
                Stage.Collect => Collect(),
                Stage.Pretrain => Pretrain(),
                Stage.Train => Train(),
                _ => Evaluate(),
            }) continue;
            output.WriteLine($"stopped {(before ? "before" : "during")} {stage.ToString().ToLowerInvariant()}" +
                (command is null ? "" : $"; continue with: gmcrl {command} --resume {run.Path}"));
            return false;
        }
        return true;
    }

    private bool Collect()
    {
        if (File.Exists(run.Dataset)) { Skip("collect", run.Dataset); return true; }
        if (Config.Representation == RepresentationKind.TrueState) { output.WriteLine("collect: true_state needs no dataset"); return true; }
        output.WriteLine($"collect: {Config.Dataset.Samples} samples with random torques (seed {Config.Dataset.Seed})");
        var dataset = PendulumDatasetCollector.Collect(new CollectionOptions
        {
            Count = Config.Dataset.Samples,
            Seed = Config.Dataset.Seed,
            EpisodeLength = Config.Dataset.ResetEvery == 0 ? null : Config.Dataset.ResetEvery,
            FrameStack = Config.Env.FrameStack,
        });
        DatasetFile.Save(dataset, run.Dataset);
        output.WriteLine($"collect: wrote {run.Dataset}");
        return true;
    }

    private bool Pretrain()
    {
        if (run.RepresentationModel is not string model) { output.WriteLine("pretrain: true_state learns nothing"); return true; }
        if (File.Exists(model)) { Skip("pretrain", model); return true; }
        var dataset = DatasetFile.Load(run.Dataset);
        // The agent's environment stacks env.frame_stack frames; an encoder trained on another count could not read them.
        if (dataset.Header.FrameStack != Config.Env.FrameStack)
            throw new ConfigException($"config key 'env.frame_stack': {Config.Env.FrameStack}, but the dataset '{run.Dataset}' stacks {dataset.Header.FrameStack} frames per observation; set env.frame_stack {dataset.Header.FrameStack} or collect a new dataset.");
        string folder = run.RepresentationFolder!;
        using IRepresentationTrainer trainer = Config.Representation == RepresentationKind.Gmc ? StartGmc(dataset, folder) : StartBaseline(dataset, folder);
        if (trainer.CompletedEpochs > 0) output.WriteLine($"pretrain: resuming after epoch {trainer.CompletedEpochs}");
        output.WriteLine($"pretrain: {run.RepresentationName}, {Config.Gmc.Epochs} epochs on {trainer.TrainCount} samples, {trainer.ValidationCount} held out");
        using (var bar = new ProgressBar(output, "pretrain", Config.Gmc.Epochs, "epochs", start: trainer.CompletedEpochs))
        {
            bar.Report(trainer.CompletedEpochs);
            while (trainer.CompletedEpochs < Config.Gmc.Epochs)
            {
                if (stop.IsCancellationRequested) return false;
                var m = trainer.RunEpoch();
                TensorBoard.Add(m, run.RepresentationName);
                string cosines = string.Join(" ", m.Alignment.Select(a => $"{a.Modality} {a.PositiveCosine:F3}"));
                bar.Report(trainer.CompletedEpochs, $"loss {m.TrainLoss:F3} val {m.ValidationLoss:F3} cos {cosines}");
            }
        }
        // The best epoch's checkpoint becomes the run's model; its existence marks the stage finished. Its alignment is
        // the one to report, not the last epoch's.
        var best = trainer.Best ?? throw new ConfigException(
            $"pretrain: every epoch of {run.RepresentationName} ended with a held-out loss of NaN, so there is no model to keep; start a new run with a lower gmc.learning_rate.");
        AtomicFile.Copy(Path.Combine(folder, trainer.BestCheckpointName), model);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pretrain: model = epoch {best.Epoch} of {trainer.CompletedEpochs} (lowest held-out loss, {best.ValidationLoss:F3}); held-out alignment ")
            + string.Join(", ", best.Alignment.Select(a =>
                string.Create(CultureInfo.InvariantCulture, $"{a.Modality}: cosine {a.PositiveCosine:F3}, top-1 {a.Top1:P0}"))));
        return true;
    }

    // The reference pendulum sizes with the configured latent size and input standardisation; the baselines share them.
    private GmcModelOptions ModelOptions =>
        GmcModelOptions.Pendulum with { LatentDim = Config.Gmc.LatentSize, StandardizeVectors = Config.Gmc.StandardizeVectors };

    private GmcTrainer StartGmc(MultimodalDataset dataset, string folder)
    {
        var options = new GmcTrainingOptions
        {
            Model = ModelOptions,
            Epochs = Config.Gmc.Epochs,
            BatchSize = Config.Gmc.BatchSize,
            LearningRate = Config.Gmc.LearningRate,
            Temperature = Config.Gmc.Temperature,
            Loss = Config.Gmc.Loss,
            ValidationFraction = Config.Gmc.ValidationFraction,
            Seed = Config.Seed,
        };
        string last = Path.Combine(folder, GmcTrainer.LastCheckpointName);
        return new GmcTrainer(dataset, options, folder, File.Exists(last) ? GmcCheckpoint.Load(last) : null);
    }

    // The baselines get GMC's schedule and sizes (gmc.*), so that every learned representation has the same budget.
    private BaselineTrainer StartBaseline(MultimodalDataset dataset, string folder)
    {
        var options = new BaselineTrainingOptions
        {
            Kind = BaselineKind,
            Model = ModelOptions,
            Epochs = Config.Gmc.Epochs,
            BatchSize = Config.Gmc.BatchSize,
            LearningRate = Config.Gmc.LearningRate,
            ValidationFraction = Config.Gmc.ValidationFraction,
            Seed = Config.Seed,
            ReconstructionWeights = new Dictionary<string, double> { ["image"] = Config.Baseline.ImageWeight, ["sound"] = Config.Baseline.SoundWeight },
            KlWeight = Config.Baseline.KlWeight,
        };
        string last = Path.Combine(folder, BaselineTrainer.LastCheckpointName);
        return new BaselineTrainer(dataset, options, folder, File.Exists(last) ? BaselineCheckpoint.Load(last, BaselineKind) : null);
    }

    private BaselineKind BaselineKind => Config.Representation == RepresentationKind.Mvae ? BaselineKind.Mvae : BaselineKind.FusionAutoencoder;

    // The configured representation, frozen, as the agent's feature source.
    private IFrozenEncoder OpenEncoder() => Config.Representation switch
    {
        RepresentationKind.Gmc => GmcEncoder.Load(run.GmcCheckpoint),
        RepresentationKind.TrueState => new TrueStateFeatures(new MultimodalPendulum().Spec.Stacked(Config.Env.FrameStack)),
        _ => BaselineEncoder.Load(run.RepresentationModel!, BaselineKind),
    };

    private bool Train()
    {
        if (File.Exists(run.AgentCheckpoint)) { Skip("train", run.AgentCheckpoint); return true; }
        using var encoder = OpenEncoder();
        int threads = TorchSharp.torch.get_num_threads();
        TorchSharp.torch.set_num_threads(Config.Agent.Threads);
        try
        {
            return Config.Agent.Algorithm switch
            {
                Algorithm.Dqn => Train(encoder, Discrete(encoder), new DiscreteActionEncoding(DiscreteSpace)),
                _ => Train(encoder, Continuous(encoder), new BoxActionEncoding(TorqueBox)),
            };
        }
        finally
        {
            TorchSharp.torch.set_num_threads(threads);
        }
    }

    private bool Train<TAction>(IFrozenEncoder encoder, Func<IEnvironment<MultimodalObservation, TAction>> make, IActionEncoding<TAction> encoding)
    {
        using var agent = CreateAgent(encoder.FeatureSize);
        var options = new TrainerOptions
        {
            Seed = Config.Seed,
            BufferSize = Config.Agent.BufferSize,
            LearningStarts = Config.Agent.LearningStarts,
            EvaluationInterval = Config.Agent.EvalEvery,
            EvaluationEpisodes = 5,
            CheckpointInterval = Config.Agent.CheckpointEvery,
            CheckpointDirectory = run.AgentFolder,
        };
        var envs = new VectorEnvironment<MultimodalObservation, TAction>([make()], o => o.Clone());
        var trainer = new Trainer<MultimodalObservation, TAction>(agent, encoder, envs, make(), encoding, options);
        if (File.Exists(Path.Combine(run.AgentFolder, "training.ckpt")))
        {
            trainer.Resume(run.AgentFolder);
            output.WriteLine($"train: resuming at step {trainer.Step}");
        }
        DropMetricsAfter(trainer.Step);
        output.WriteLine($"train: {Config.Agent.Algorithm.ToString().ToLowerInvariant()} for {Config.Agent.Steps} steps on the frozen {encoder.FeatureSize}-d {run.RepresentationName} features");
        using var bar = new ProgressBar(output, "train", Config.Agent.Steps, "steps", start: trainer.Step);
        // The random warm-up runs many times faster than learning: the ETA counts from the first learning step.
        bool learning = trainer.Step >= Config.Agent.LearningStarts;
        void Progress(TrainingProgress p)
        {
            if (!learning && p.Step >= Config.Agent.LearningStarts)
            {
                learning = true;
                bar.RestartRate();
            }
            bar.Report(p.Step, learning ? p.Figure : "random warm-up  " + p.Figure);
        }
        while (trainer.Step < Config.Agent.Steps)
        {
            if (stop.IsCancellationRequested)
            {
                trainer.SaveCheckpoint(run.AgentFolder);
                return false;
            }
            // Chunks end on multiples of agent.eval_every, and each starts at a synchronisation point, where a Ctrl-C
            // checkpoint may also be taken: a run resumed from any checkpoint then continues exactly as an
            // uninterrupted one (see Trainer.Synchronise).
            long next = Math.Min(Config.Agent.Steps, (trainer.Step / Config.Agent.EvalEvery + 1) * Config.Agent.EvalEvery);
            trainer.Synchronise();
            var evaluations = trainer.Run(next, Progress).Evaluations.ToList();
            // The learning curve ends at the last step even when agent.steps is not a multiple of agent.eval_every.
            if (trainer.Step == Config.Agent.Steps && (evaluations.Count == 0 || evaluations[^1].Step != trainer.Step))
                evaluations.Add(trainer.Evaluate());
            AppendMetrics(evaluations);
        }
        agent.Save(run.AgentCheckpoint);
        return true;
    }

    private bool Evaluate()
    {
        if (File.Exists(run.Evaluation) && File.Exists(run.Report)) { Skip("evaluate", run.Evaluation); return true; }
        using var encoder = OpenEncoder();
        var conditions = EvaluationCondition.Standard(encoder.Spec);
        if (Config.Evaluation.Conditions is { } names) conditions = conditions.Where(c => names.Contains(c.Name)).ToList();
        var options = new EvaluationOptions
        {
            Episodes = Config.Evaluation.Episodes,
            Steps = Config.Evaluation.Steps,
            Parallel = Config.Evaluation.Parallel,
        };
        IReadOnlyList<ConditionResult> results;
        ConditionResult random;
        // The floor that "reward kept" is measured from: random actions on the same episodes, every modality present.
        var floor = EvaluationCondition.Standard(encoder.Spec)[0] with { Name = "random_policy" };
        using (var agent = CreateAgent(encoder.FeatureSize))
        {
            agent.Load(run.AgentCheckpoint);
            using var bar = new ProgressBar(output, "evaluate", (long)(conditions.Count + 1) * options.Episodes, "episodes");
            int finished = 0;
            void Progress(int condition, int done) => bar.Report(++finished, conditions[condition].Name);
            void FloorProgress(int condition, int done) => bar.Report(++finished, floor.Name);
            (results, random) = Config.Agent.Algorithm switch
            {
                Algorithm.Dqn => (EvaluateWith(encoder, conditions, options, Progress, DiscreteWrapper,
                        new EncodedPolicy<int>(encoder, agent, new DiscreteActionEncoding(DiscreteSpace)), TorqueOfChoice()),
                    RandomOn(encoder, floor, options, FloorProgress, DiscreteWrapper, DiscreteSpace)),
                _ => (EvaluateWith(encoder, conditions, options, Progress, e => e,
                        new EncodedPolicy<float[]>(encoder, agent, new BoxActionEncoding(TorqueBox)), a => a),
                    RandomOn(encoder, floor, options, FloorProgress, e => e, TorqueBox)),
            };
        }
        var report = new EvaluationReport(EvaluationReport.CurrentFormatVersion, Config.Env.Name, run.RepresentationName,
            Config.Agent.Algorithm.ToString().ToLowerInvariant(), Config.Seed, options.Episodes, options.Steps, results, random);
        TensorBoard.Add(results, Config.Agent.Steps);
        ReportWriter.Write(run.Path, report, LearningCurve());
        EvaluationFiles.Write(run.Path, report);
        output.WriteLine();
        output.WriteLine($"{"condition",-22} {"reward/step",12} {"95% CI",9} {"kept",8}");
        foreach (var r in results.Append(random))
        {
            string kept = r == random ? "" : report.Kept(r) is double k ? ReportWriter.Percent(k) : "-";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Name,-22} {r.MeanRewardPerStep,12:F3} {"± " + r.Ci95RewardPerStep.ToString("F3", CultureInfo.InvariantCulture),9} {kept,8}"));
        }
        output.WriteLine($"report: {run.Report}");
        return true;
    }

    private IReadOnlyList<ConditionResult> EvaluateWith<TAction>(IFrozenEncoder encoder, IReadOnlyList<EvaluationCondition> conditions,
        EvaluationOptions options, Action<int, int> progress,
        Func<IEnvironment<MultimodalObservation, float[]>, IEnvironment<MultimodalObservation, TAction>> actions,
        EncodedPolicy<TAction> policy, Func<TAction, float[]> torque)
    {
        var settings = new MultimodalPendulumSettings { SoundNormalization = encoder.SoundNormalization };
        var replays = Config.Evaluation.Replays == 0 ? null : new ReplayRecording<TAction>(run.Replays,
            Config.Agent.Algorithm.ToString().ToLowerInvariant(), Config.Evaluation.Replays, Config.Env.FrameStack,
            encoder.Spec, settings, policy, torque);
        return MissingModalityEvaluator.Evaluate(StackedWith(encoder, actions), policy, conditions, options, progress, replays);
    }

    private IEnvironment<MultimodalObservation, int> DiscreteWrapper(IEnvironment<MultimodalObservation, float[]> e) =>
        new DiscreteActions<MultimodalObservation>(e, Config.Agent.DiscreteActions);

    // Uniformly random actions from the agent's action space in one condition, on the evaluation's episodes.
    private ConditionResult RandomOn<TAction>(IFrozenEncoder encoder, EvaluationCondition condition, EvaluationOptions options,
        Action<int, int> progress, Func<IEnvironment<MultimodalObservation, float[]>, IEnvironment<MultimodalObservation, TAction>> actions,
        ISpace<TAction> space) =>
        MissingModalityEvaluator.Evaluate(StackedWith(encoder, actions), new RandomPolicy<MultimodalObservation, TAction>(space, Config.Seed),
            [condition], options, progress)[0];

    // The torque of each of DQN's discrete actions, for replays: the values are read once, not per recorded step.
    private Func<int, float[]> TorqueOfChoice()
    {
        float[] values = new DiscreteActions<MultimodalObservation>(new MultimodalPendulum(), Config.Agent.DiscreteActions).Values.ToArray();
        return a => [values[a]];
    }

    // The control-time environment: the pendulum observed on the checkpoint's sound scale, stacked as in training, with
    // its true state attached (only the true_state features read it).
    private Func<IEnvironment<MultimodalObservation, TAction>> StackedWith<TAction>(IFrozenEncoder encoder,
        Func<IEnvironment<MultimodalObservation, float[]>, IEnvironment<MultimodalObservation, TAction>> actions) =>
        () => actions(new TrueStateAttached<float[]>(new FrameStack<float[]>(
            new MultimodalPendulum(new MultimodalPendulumSettings { SoundNormalization = encoder.SoundNormalization }), Config.Env.FrameStack)));

    private Func<IEnvironment<MultimodalObservation, float[]>> Continuous(IFrozenEncoder encoder) =>
        () => new TimeLimit<MultimodalObservation, float[]>(StackedWith(encoder, e => e)(), Config.Env.EpisodeSteps);

    private Func<IEnvironment<MultimodalObservation, int>> Discrete(IFrozenEncoder encoder) =>
        () => new TimeLimit<MultimodalObservation, int>(
            StackedWith(encoder, e => new DiscreteActions<MultimodalObservation>(e, Config.Agent.DiscreteActions))(), Config.Env.EpisodeSteps);

    // The pendulum's torque range, read once from an environment instead of repeating its constants.
    private static readonly Box TorqueBox = (Box)new MultimodalPendulum().ActionSpace;

    private Discrete DiscreteSpace => new(Config.Agent.DiscreteActions);

    private IAgent CreateAgent(int featureSize)
    {
        var a = Config.Agent;
        return a.Algorithm switch
        {
            Algorithm.Sac => new SacAgent(featureSize, ActionSpec.Continuous(TorqueBox),
                new SacOptions { Hidden = a.Hidden, LearningRate = a.LearningRate, Gamma = a.Gamma, BatchSize = a.BatchSize }, Config.Seed),
            Algorithm.Dqn => new DqnAgent(featureSize, ActionSpec.Discrete(DiscreteSpace),
                new DqnOptions { Hidden = a.Hidden, LearningRate = a.LearningRate, Gamma = a.Gamma, BatchSize = a.BatchSize, ExplorationSteps = Math.Max(1, a.Steps / 5) }, Config.Seed),
            _ => new DdpgAgent(featureSize, ActionSpec.Continuous(TorqueBox),
                new DdpgOptions
                {
                    Gamma = a.Gamma, BatchSize = a.BatchSize, NoiseDecaySteps = Math.Min(100_000, a.Steps),
                    CriticLearningRate = a.LearningRate, ActorLearningRate = a.LearningRate / 10,
                }, Config.Seed),
        };
    }

    // metrics.csv: one row per evaluation during training (deterministic, all modalities), appended chunk by chunk
    // so an interrupted run keeps what it measured.
    private void AppendMetrics(IReadOnlyList<TrainingEvaluation> evaluations)
    {
        var csv = new StringBuilder(File.Exists(run.Metrics) ? File.ReadAllText(run.Metrics) : "step,eval_mean_return,eval_std_return,eval_mean_reward_per_step\n");
        foreach (var e in evaluations)
        {
            TensorBoard.Add(e, Config.Env.EpisodeSteps);
            csv.Append(string.Create(CultureInfo.InvariantCulture,
                $"{e.Step},{e.MeanReturn:R},{e.StdReturn:R},{e.MeanReturn / Config.Env.EpisodeSteps:R}\n"));
        }
        AtomicFile.WriteAllText(run.Metrics, csv.ToString());
    }

    // A run that ended without a Ctrl-C checkpoint resumes from an earlier one (or from step 0 when it had none) and
    // measures the steps after it again: their rows go, so that the learning curve has each step once.
    private void DropMetricsAfter(long step)
    {
        if (!File.Exists(run.Metrics)) return;
        var lines = File.ReadAllLines(run.Metrics);
        var kept = lines.Take(1).Concat(lines.Skip(1).Where(l => l.Length > 0 &&
            !(long.TryParse(l.Split(',')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long s) && s > step))).ToList();
        if (kept.Count < lines.Length) AtomicFile.WriteAllText(run.Metrics, string.Join('\n', kept) + "\n");
    }

    private IReadOnlyList<(string Label, double[] Steps, double[] Values)> LearningCurve()
    {
        if (!File.Exists(run.Metrics)) return [];
        var rows = File.ReadAllLines(run.Metrics).Skip(1).Select(l => l.Split(',')).Where(r => r.Length >= 4).ToList();
        if (rows.Count == 0) return [];
        return [($"{run.RepresentationName} + {Config.Agent.Algorithm.ToString().ToLowerInvariant()}",
            rows.Select(r => double.Parse(r[0], CultureInfo.InvariantCulture)).ToArray(),
            rows.Select(r => double.Parse(r[3], CultureInfo.InvariantCulture)).ToArray())];
    }

    private void Skip(string stage, string path) => output.WriteLine($"{stage}: done already ({path})");
}
