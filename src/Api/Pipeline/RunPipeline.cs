using System.Globalization;
using System.Text;
using GmcRL.Agents;
using GmcRL.Agents.Evaluation;
using GmcRL.Agents.Training;
using GmcRL.Config;
using GmcRL.Reports;
using GmcRL.Runs;
using GmcRL.Envs;
using GmcRL.Progress;
using GmcRL.Storage;
using GmcRL.Envs.Vector;
using GmcRL.Envs.Wrappers;
using GmcRL.Representation;
using GmcRL.Representation.Baselines;
using GmcRL.Representation.Data;
using GmcRL.Representation.Gmc;
using GmcRL.Representation.Training;

namespace GmcRL.Pipeline;

/// <summary>The stages of a run, in order.</summary>
public enum Stage
{
    /// <summary>Collect the pretraining dataset with the environment's collection policy.</summary>
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

    // The config read against its environment's registration (every null key filled in from it).
    private RunEnvironment Env => _env ??= RunEnvironment.Of(Config);
    private RunEnvironment? _env;

    /// <summary>Runs every stage up to and including <paramref name="last"/>; returns false when stopped early.</summary>
    public bool RunThrough(Stage last)
    {
        using var claim = RunLock.Acquire(run.Path);
        output.WriteLine($"run folder: {run.Path}");
        // A stage whose output path is taken by a folder would fail only at its end, perhaps hours later.
        foreach (string? file in new[] { run.Dataset, run.RepresentationModel, run.AgentCheckpoint, run.Metrics, run.Evaluation, run.Report })
            if (file is not null && Directory.Exists(file))
                throw new ConfigException($"'{file}' is a folder, but the run writes a file there; move it away and run again.");
        foreach (var (key, count) in new[] { ("threads", Config.Threads), ("agent.threads", Config.Agent.Threads) })
            if (count > Environment.ProcessorCount)
                output.WriteLine($"warning: {key} {count} is more than the {Environment.ProcessorCount} processors here; the threads will wait for each other and the run will be slow.");
        // A fixed thread count keeps runs reproducible: libtorch's reductions depend on it.
        TorchSharp.torch.set_num_threads(Config.Threads > 0 ? Config.Threads : Environment.ProcessorCount);
        foreach (var stage in Enum.GetValues<Stage>().Where(s => s <= last))
        {
            bool before = stop.IsCancellationRequested;
            bool finished;
            try
            {
                finished = !before && stage switch
                {
                    Stage.Collect => Collect(),
                    Stage.Pretrain => Pretrain(),
                    Stage.Train => Train(),
                    _ => Evaluate(),
                };
            }
            catch (IOException e) when (e is not FileNotFoundException && command is not null)
            {
                // Every write is atomic, so what is on disk is whole: the run continues from its last complete file.
                throw new IOException($"{e.Message} The run is kept; once that is fixed, continue it with: gmcrl {command} --resume {run.Path}", e);
            }
            if (finished) continue;
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
        output.WriteLine($"collect: {Config.Dataset.Samples} samples of {Env.Registration.Id} (seed {Config.Dataset.Seed})");
        var dataset = DatasetCollector.Collect(Env.Registration, new CollectionOptions
        {
            Count = Config.Dataset.Samples,
            Seed = Config.Dataset.Seed,
            EpisodeLength = Env.CollectResetEvery,
            FrameStack = Env.FrameStack,
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
        Env.CheckDataset(dataset.Header, run.Dataset);
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

    // The reference sizes with the configured latent size and input standardisation; the baselines share them. Each
    // modality's encoder follows from its spec in the dataset.
    private GmcModelOptions ModelOptions =>
        GmcModelOptions.Reference with { LatentDim = Config.Gmc.LatentSize, StandardizeVectors = Config.Gmc.StandardizeVectors };

    private RepresentationTrainer<GmcModel, GmcCheckpoint> StartGmc(MultimodalDataset dataset, string folder)
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
        return GmcTrainer.Create(dataset, options, folder, File.Exists(last) ? GmcCheckpoint.Load(last) : null);
    }

    // The baselines get GMC's schedule and sizes (gmc.*), so that every learned representation has the same budget.
    private RepresentationTrainer<BaselineModel, BaselineCheckpoint> StartBaseline(MultimodalDataset dataset, string folder)
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
            ReconstructionWeights = Config.Baseline.ReconstructionWeights,
            KlWeight = Config.Baseline.KlWeight,
        };
        string last = Path.Combine(folder, BaselineTrainer.LastCheckpointName);
        return BaselineTrainer.Create(dataset, options, folder, File.Exists(last) ? BaselineCheckpoint.Load(last, BaselineKind) : null);
    }

    private BaselineKind BaselineKind => Config.Representation == RepresentationKind.Mvae ? BaselineKind.Mvae : BaselineKind.FusionAutoencoder;

    // The configured representation, frozen, as the agent's feature source.
    private IFrozenEncoder OpenEncoder()
    {
        IFrozenEncoder encoder = Config.Representation switch
        {
            RepresentationKind.Gmc => GmcEncoder.Load(run.GmcCheckpoint),
            RepresentationKind.TrueState => new TrueStateFeatures(Env.Registration.Modalities.Stacked(Env.FrameStack), Env.Registration.TrueState!),
            _ => BaselineEncoder.Load(run.RepresentationModel!, BaselineKind),
        };
        // A config.json edited after pretraining would otherwise be ignored without a word.
        if (Config.Representation != RepresentationKind.TrueState && encoder.FeatureSize != Config.Gmc.LatentSize)
        {
            encoder.Dispose();
            throw new ConfigException($"config key 'gmc.latent_size': {Config.Gmc.LatentSize}, but the pretrained model '{run.RepresentationModel}' has latents of {encoder.FeatureSize}; set gmc.latent_size {encoder.FeatureSize}, or pretrain again in a new run.");
        }
        return encoder;
    }

    // The agent's settings as the config gives them; each algorithm derives the rest (Agents' AgentSettings).
    private AgentSettings AgentSettings => new()
    {
        Algorithm = Env.Algorithm,
        Steps = Config.Agent.Steps,
        Hidden = Config.Agent.Hidden,
        LearningRate = Config.Agent.LearningRate,
        Gamma = Config.Agent.Gamma,
        BatchSize = Config.Agent.BatchSize,
        ExplorationFraction = Config.Agent.ExplorationFraction,
        ActorLearningRate = Config.Agent.ActorLearningRate,
        NoiseDecaySteps = Config.Agent.NoiseDecaySteps,
    };

    private T WithControl<T>(IFrozenEncoder encoder, IControlVisitor<T> visitor) =>
        ControlEnvironments.Visit(Env, Config.Agent.DiscreteActions, encoder.Calibration, visitor);

    private bool Train()
    {
        if (File.Exists(run.AgentCheckpoint)) { Skip("train", run.AgentCheckpoint); return true; }
        using var encoder = OpenEncoder();
        int threads = TorchSharp.torch.get_num_threads();
        TorchSharp.torch.set_num_threads(Config.Agent.Threads);
        try
        {
            return WithControl(encoder, new TrainStage(this, encoder));
        }
        finally
        {
            TorchSharp.torch.set_num_threads(threads);
        }
    }

    private sealed class TrainStage(RunPipeline pipeline, IFrozenEncoder encoder) : IControlVisitor<bool>
    {
        public bool Visit<TAction>(ControlEnvironment<TAction> control) => pipeline.Train(encoder, control);
    }

    private bool Train<TAction>(IFrozenEncoder encoder, ControlEnvironment<TAction> control)
    {
        using var agent = AgentSettings.Create(encoder.FeatureSize, control.Encoding.Spec, Config.Seed);
        var options = new TrainerOptions
        {
            Seed = Config.Seed,
            BufferSize = Config.Agent.BufferSize,
            LearningStarts = Config.Agent.LearningStarts,
            EvaluationInterval = Config.Agent.EvalEvery,
            EvaluationEpisodes = Config.Agent.EvalEpisodes,
            CheckpointInterval = Config.Agent.CheckpointEvery,
            CheckpointDirectory = run.AgentFolder,
        };
        IEnvironment<MultimodalObservation, TAction> Make() => new TimeLimit<MultimodalObservation, TAction>(control.Make(), Env.EpisodeSteps);
        var envs = new VectorEnvironment<MultimodalObservation, TAction>([Make()], o => o.Clone());
        var trainer = new Trainer<MultimodalObservation, TAction>(agent, encoder, envs, Make(), control.Encoding, options);
        if (File.Exists(Path.Combine(run.AgentFolder, "training.ckpt")))
        {
            trainer.Resume(run.AgentFolder);
            output.WriteLine($"train: resuming at step {trainer.Step}");
        }
        var metrics = new MetricsFile(run.Metrics, Env.EpisodeSteps);
        metrics.DropAfter(trainer.Step);
        output.WriteLine($"train: {Env.AlgorithmName} for {Config.Agent.Steps} steps on the frozen {encoder.FeatureSize}-d {run.RepresentationName} features");
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
            foreach (var e in evaluations) TensorBoard.Add(e, Env.EpisodeSteps);
            metrics.Append(evaluations);
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
            Steps = Env.EvaluationSteps,
            Parallel = Config.Evaluation.Parallel,
        };
        var (results, random) = WithControl(encoder, new EvaluateStage(this, encoder, conditions, options));
        var report = new EvaluationReport(EvaluationReport.CurrentFormatVersion, Config.Env.Name, run.RepresentationName,
            Env.AlgorithmName, Config.Seed, options.Episodes, options.Steps, results, random);
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

    private sealed class EvaluateStage(RunPipeline pipeline, IFrozenEncoder encoder, IReadOnlyList<EvaluationCondition> conditions,
        EvaluationOptions options) : IControlVisitor<(IReadOnlyList<ConditionResult> Results, ConditionResult Random)>
    {
        public (IReadOnlyList<ConditionResult> Results, ConditionResult Random) Visit<TAction>(ControlEnvironment<TAction> control) =>
            pipeline.Evaluate(encoder, control, conditions, options);
    }

    // Every condition, then the floor that "reward kept" is measured from: uniformly random actions on the same
    // episodes, every modality present.
    private (IReadOnlyList<ConditionResult> Results, ConditionResult Random) Evaluate<TAction>(IFrozenEncoder encoder,
        ControlEnvironment<TAction> control, IReadOnlyList<EvaluationCondition> conditions, EvaluationOptions options)
    {
        var floor = EvaluationCondition.Standard(encoder.Spec)[0] with { Name = "random_policy" };
        using var agent = AgentSettings.Create(encoder.FeatureSize, control.Encoding.Spec, Config.Seed);
        agent.Load(run.AgentCheckpoint);
        using var bar = new ProgressBar(output, "evaluate", (long)(conditions.Count + 1) * options.Episodes, "episodes");
        int finished = 0;
        var policy = new EncodedPolicy<TAction>(encoder, agent, control.Encoding);
        var replays = Config.Evaluation.Replays == 0 ? null : new ReplayRecording<TAction>(run.Replays, Env.AlgorithmName,
            Config.Evaluation.Replays, Env.FrameStack, encoder.Spec, Env.Registration, policy, control.Taken);
        var results = MissingModalityEvaluator.Evaluate(control.Make, policy, conditions, options,
            (condition, _) => bar.Report(++finished, conditions[condition].Name), replays);
        var random = MissingModalityEvaluator.Evaluate(control.Make, new RandomPolicy<MultimodalObservation, TAction>(control.Space, Config.Seed),
            [floor], options, (_, _) => bar.Report(++finished, floor.Name))[0];
        return (results, random);
    }

    private IReadOnlyList<(string Label, double[] Steps, double[] Values)> LearningCurve()
    {
        var (steps, values) = new MetricsFile(run.Metrics, Env.EpisodeSteps).Curve();
        return steps.Length == 0 ? [] : [($"{run.RepresentationName} + {Env.AlgorithmName}", steps, values)];
    }

    private void Skip(string stage, string path) => output.WriteLine($"{stage}: done already ({path})");
}
