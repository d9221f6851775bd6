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
        foreach (string? file in new[] { run.Dataset, run.RepresentationModel, run.AgentCheckpoint, run.Metrics, run.Evaluation, run.Report, run.FeatureStandardization })
            if (file is not null && Directory.Exists(file))
                throw new ConfigException($"'{file}' is a folder, but the run writes a file there; move it away and run again.");
        foreach (var (key, count) in new[] { ("threads", Config.Threads), ("agent.threads", Config.Agent.Threads) })
            if (count > Environment.ProcessorCount)
                output.WriteLine($"warning: {key} {count} is more than the {Environment.ProcessorCount} processors here; the threads will wait for each other and the run will be slow.");
        // A fixed thread count keeps runs reproducible: libtorch's reductions depend on it.
        TorchSharp.torch.set_num_threads(Config.Threads > 0 ? Config.Threads : Environment.ProcessorCount);
        var (device, note) = ComputeDevice.Use(Config.Device);
        output.WriteLine(note ?? $"device: {device.ToString().ToLowerInvariant()}");
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
        CollectAndSave();
        output.WriteLine($"collect: wrote {run.Dataset}");
        ReleaseMemory();
        return true;
    }

    // Not inlined, so that the collected dataset is garbage once it returns: a local of the caller's frame could keep
    // its gigabytes alive through the collection that follows.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void CollectAndSave() => DatasetFile.Save(Env.Env.Collect(Config.Dataset.Samples, Config.Dataset.Seed), run.Dataset);

    private bool Pretrain()
    {
        if (run.RepresentationModel is not string model) { output.WriteLine("pretrain: true_state learns nothing"); return true; }
        if (File.Exists(model))
        {
            Skip("pretrain", model);
            return MeasureGeometry(null);
        }
        var dataset = DatasetFile.Load(run.Dataset);
        ReleaseMemory();
        Env.CheckDataset(dataset.Header, run.Dataset);
        string folder = run.RepresentationFolder!;
        using var pretraining = Config.Representation == RepresentationKind.Gmc
            ? Pretraining.Gmc(dataset, GmcOptions, folder)
            : Pretraining.Baseline(dataset, BaselineOptions, folder);
        if (pretraining.CompletedEpochs > 0) output.WriteLine($"pretrain: resuming after epoch {pretraining.CompletedEpochs}");
        output.WriteLine($"pretrain: {run.RepresentationName}, {Config.Gmc.Epochs} epochs on {pretraining.TrainCount} samples, {pretraining.ValidationCount} held out" +
            (ComputeOf(Config.Gmc.Precision) == ComputePrecision.BFloat16 ? ", image convolutions in bfloat16" : ""));
        if (!pretraining.Run(output, m => TensorBoard.Add(m, run.RepresentationName), stop)) return false;
        // The kept epoch's checkpoint becomes the run's model; its existence marks the stage finished. Its alignment is
        // the one to report, not the last epoch's.
        if (pretraining.Best is null) throw new ConfigException(
            $"pretrain: every epoch of {run.RepresentationName} ended with a held-out loss of NaN, so there is no model to keep; start a new run with a lower gmc.learning_rate.");
        pretraining.Save(model);
        output.WriteLine($"pretrain: {pretraining.Describe()}");
        return MeasureGeometry(dataset);
    }

    // The geometry of the pretrained latent, once: a run whose model was pretrained before geometry existed gets it
    // when it continues.
    private bool MeasureGeometry(MultimodalDataset? dataset)
    {
        if (Config.Geometry.Points > 0 && !File.Exists(run.Geometry)) Measure(dataset, Config.Geometry);
        return true;
    }

    /// <summary>
    /// Measures the geometry of the run's pretrained latent (<see cref="LatentGeometry"/>) and writes geometry.json,
    /// latent_map.csv and plots/latent_map.png, replacing any earlier ones; returns null (saying why) when the
    /// held-out samples are too few. Takes the run folder's lock.
    /// </summary>
    /// <param name="settings">What to measure (null: the run's config's geometry section).</param>
    public GeometryReport? Geometry(GeometryConfig? settings = null)
    {
        if (run.RepresentationModel is null) throw new ConfigException($"'{run.Path}' is a run of the true state, which is not a learned latent: it has no geometry to measure.");
        if (!File.Exists(run.RepresentationModel))
            throw new ConfigException($"'{run.Path}' has no pretrained model yet ({run.RepresentationModel}); pretrain first: gmcrl pretrain --resume {run.Path}");
        settings ??= Config.Geometry;
        if (settings.Points < GeometryOptions.MinimumPoints)
            throw new ConfigException($"geometry.points: expected at least {GeometryOptions.MinimumPoints} points (got {settings.Points}).");
        using var claim = RunLock.Acquire(run.Path);
        return Measure(null, settings);
    }

    private GeometryReport? Measure(MultimodalDataset? dataset, GeometryConfig settings)
    {
        if (dataset is null)
        {
            dataset = DatasetFile.Load(run.Dataset);
            ReleaseMemory();
            Env.CheckDataset(dataset.Header, run.Dataset);
        }
        int heldOut = HeldOut.Count(dataset.Count, Config.Gmc.ValidationFraction);
        if (heldOut < GeometryOptions.MinimumPoints)
        {
            output.WriteLine($"geometry: not measured: {heldOut} held-out samples, fewer than the {GeometryOptions.MinimumPoints} it needs");
            return null;
        }
        using var encoder = OpenEncoder();
        var options = new GeometryOptions
        {
            HeldOutFraction = Config.Gmc.ValidationFraction,
            Points = settings.Points,
            Rays = settings.Rays,
            Seed = Config.Seed,
            Map = settings.Map,
        };
        var geometry = LatentGeometry.Measure(Env.Env, dataset, encoder, options, output);
        WriteGeometry(run, geometry);
        TensorBoard.Add(geometry, TrainedRun.ModelEpoch(run));
        output.Write(geometry.Table());
        return geometry;
    }

    /// <summary>Writes a run's geometry files and its latent map's plot.</summary>
    private static void WriteGeometry(RunFolder run, GeometryReport geometry)
    {
        if (geometry.Map is { } map)
        {
            byte[] png = Plots.LatentMaps([(geometry.Representation, map)], $"Held-out latents of {geometry.Representation} on {geometry.Env} (UMAP)");
            GmcRL.Storage.AtomicFile.Write(run.File("plots", "latent_map.png"), s => s.Write(png));
        }
        GeometryFiles.Write(run.Path, geometry);
    }

    // The reference sizes with the configured latent size and input standardisation; the baselines share them. Each
    // modality's encoder follows from its spec in the dataset.
    private GmcModelOptions ModelOptions =>
        GmcModelOptions.Reference with
        {
            LatentDim = Config.Gmc.LatentSize, StandardizeVectors = Config.Gmc.StandardizeVectors, SignalFeatures = Config.Gmc.SignalFeatures,
        };

    private GmcTrainingOptions GmcOptions => new()
    {
        Model = ModelOptions,
        Epochs = Config.Gmc.Epochs,
        BatchSize = Config.Gmc.BatchSize,
        LearningRate = Config.Gmc.LearningRate,
        Temperature = Config.Gmc.Temperature,
        Loss = Config.Gmc.Loss,
        ValidationFraction = Config.Gmc.ValidationFraction,
        Seed = Config.Seed,
        Precision = ComputeOf(Config.Gmc.Precision),
    };

    /// <summary>What gmc.precision computes in (auto, in a config made before run folders resolved it: this processor's choice).</summary>
    internal static ComputePrecision ComputeOf(Precision precision) => precision switch
    {
        Precision.Bfloat16 => ComputePrecision.BFloat16,
        Precision.Auto => ComputePrecisions.Auto,
        _ => ComputePrecision.Float32,
    };

    // The baselines get GMC's schedule and sizes (gmc.*), so that every learned representation has the same budget.
    private BaselineTrainingOptions BaselineOptions => new()
    {
        Kind = BaselineKind,
        Model = ModelOptions,
        Epochs = Config.Gmc.Epochs,
        BatchSize = Config.Gmc.BatchSize,
        LearningRate = Config.Gmc.LearningRate,
        ValidationFraction = Config.Gmc.ValidationFraction,
        Seed = Config.Seed,
        ReconstructionWeights = Config.Baseline.ReconstructionWeights,
        Precision = ComputeOf(Config.Gmc.Precision),
        KlWeight = Config.Baseline.KlWeight,
    };

    private BaselineKind BaselineKind => Config.Representation == RepresentationKind.Mvae ? BaselineKind.Mvae : BaselineKind.FusionAutoencoder;

    private IFrozenEncoder OpenEncoder() => TrainedRun.OpenEncoder(run, Env);

    private bool Train()
    {
        if (File.Exists(run.AgentCheckpoint)) { Skip("train", run.AgentCheckpoint); return true; }
        if (Config.Agent.StandardizeFeatures && !File.Exists(run.FeatureStandardization))
        {
            // The map comes before the agent's first step; an agent already under way learnt on other inputs.
            if (Directory.Exists(run.AgentFolder) && Directory.EnumerateFileSystemEntries(run.AgentFolder).Any())
                throw new ConfigException($"config key 'agent.standardize_features': the agent in '{run.AgentFolder}' has trained already, but the run has no " +
                    $"{Path.GetFileName(run.FeatureStandardization)}: the map it trained on is lost, or the key was set after training began. " +
                    "Put the file back, set the key false again, or start a new run.");
            FitFeatureStandardization();
            ReleaseMemory();
        }
        using var encoder = TrainedRun.OpenAgentEncoder(run, Env);
        using var agent = TrainedRun.CreateAgent(run, Env, encoder);
        var metrics = new MetricsFile(run.Metrics, Env.EpisodeSteps);
        var best = Config.Agent.KeepBest ? new KeepBest(agent, run.BestAgentCheckpoint) : null;
        var log = new RunLog(step =>
        {
            metrics.DropAfter(step);
            // Resumed: only an evaluation better than those already logged replaces the saved best agent.
            if (best is not null && metrics.Best() is { } logged) best.BestReturn = logged.MeanReturn;
            output.WriteLine($"train: {Env.AlgorithmName} for {Config.Agent.Steps} steps on the frozen {encoder.FeatureSize}-d {run.RepresentationName} features" +
                (Config.Agent.StandardizeFeatures ? ", standardised (agent.standardize_features)" : "") +
                (Config.Agent.TrainCondition is { } dropped ? $", with modalities missing as in {dropped} (agent.train_condition: not the paper's protocol" +
                    (ReportedTrainCondition is null ? "; no effect here: the true state ignores the modalities)" : ")") : ""));
        }, e =>
        {
            TensorBoard.Add(e, Env.EpisodeSteps);
            metrics.Append([e]);
        });
        var options = new LearnOptions
        {
            BufferSize = Config.Agent.BufferSize,
            LearningStarts = Config.Agent.LearningStarts,
            TrainEvery = Config.Agent.TrainEvery,
            Envs = Config.Agent.Envs,
            Overlap = Config.Agent.Overlap,
            EvalEvery = Config.Agent.EvalEvery,
            EvalEpisodes = Config.Agent.EvalEpisodes,
            CheckpointEvery = Config.Agent.CheckpointEvery,
            CheckpointFolder = run.AgentFolder,
            TrainDrops = Config.Agent.TrainCondition is { } condition
                ? EvaluationCondition.Standard(encoder.Spec).Single(c => c.Name == condition).Schedule
                : null,
            Threads = Config.Agent.Threads,
            Progress = output,
            Callbacks = best is null ? [log] : [log, best],
            Stop = stop,
        };
        var learned = agent.Learn(Config.Agent.Steps, options);
        if (learned.Stopped) return false;
        if (learned.LearningStepsPerSecond > 0)
            output.WriteLine($"train: {learned.LearningStepsPerSecond:0} steps/s with updates (evaluations and checkpoints left out)");
        if (KeptEvaluation() is { } kept && File.Exists(run.BestAgentCheckpoint))
        {
            AtomicFile.Copy(run.BestAgentCheckpoint, run.AgentCheckpoint);
            output.WriteLine($"train: keeping the agent of step {kept.Step} (training evaluation {kept.MeanReturn:0.###}, the best; agent.keep_best), not the last");
        }
        else agent.Save(run.AgentCheckpoint);
        return true;
    }

    // agent.standardize_features: the representation's features of the training split of the run's dataset (a true-state
    // run has none: the samples the dataset would hold are collected again), measured once and kept beside the agent.
    // Not inlined, so that the dataset is garbage once it returns.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void FitFeatureStandardization()
    {
        bool stored = Config.Dataset.Path is not null || File.Exists(run.Dataset);
        var dataset = stored ? DatasetFile.Load(run.Dataset) : Env.Env.Collect(Config.Dataset.Samples, Config.Dataset.Seed);
        if (stored) Env.CheckDataset(dataset.Header, run.Dataset);
        int count = dataset.Count - HeldOut.Count(dataset.Count, Config.Gmc.ValidationFraction);
        using var encoder = OpenEncoder();
        var map = FeatureStandardization.Fit(encoder, dataset, count);
        map.Save(run.FeatureStandardization);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"train: each of the {encoder.FeatureSize} features standardised over {count} samples of {(stored ? "the run's dataset" : "random play collected as the dataset would be")} " +
            $"(agent.standardize_features; standard deviations {map.Std.Min():G3} to {map.Std.Max():G3})"));
    }

    /// <summary>With agent.keep_best, the training evaluation whose agent the run keeps: the first with the highest mean
    /// return. Null without the key or before any evaluation.</summary>
    private TrainingEvaluation? KeptEvaluation() =>
        Config.Agent.KeepBest ? new MetricsFile(run.Metrics, Env.EpisodeSteps).Best() : null;

    // Keeps the run's learning curve, metrics.csv and TensorBoard, from where learning (re)starts.
    private sealed class RunLog(Action<long> start, Action<TrainingEvaluation> evaluated) : LearnCallback
    {
        public override void OnStart(long step) => start(step);

        public override bool OnEvaluation(TrainingEvaluation evaluation)
        {
            evaluated(evaluation);
            return true;
        }
    }

    private bool Evaluate()
    {
        if (File.Exists(run.Evaluation) && File.Exists(run.Report)) { Skip("evaluate", run.Evaluation); return true; }
        using var encoder = TrainedRun.OpenAgentEncoder(run, Env);
        var conditions = EvaluationCondition.Standard(encoder.Spec);
        if (Config.Evaluation.Conditions is { } names) conditions = conditions.Where(c => names.Contains(c.Name)).ToList();
        using var agent = TrainedRun.LoadAgent(run, Env, encoder);
        var report = agent.Evaluate(conditions, new EvaluateOptions
        {
            Episodes = Config.Evaluation.Episodes,
            Parallel = Config.Evaluation.Parallel,
            Replays = Config.Evaluation.Replays,
            ReplayFolder = run.Replays,
            Progress = output,
        }) with { Env = Config.Env.Name, Representation = run.RepresentationName };
        TensorBoard.Add(report.Conditions, Config.Agent.Steps);
        ReportWriter.Write(run.Path, report, LearningCurve(), GeometryFiles.Read(run.Path), Notes());
        EvaluationFiles.Write(run.Path, report);
        output.WriteLine();
        output.Write(report.Table());
        output.WriteLine($"report: {run.Report}");
        return true;
    }

    /// <summary>Writes report.md again from the run's files (after <see cref="Geometry"/>, say); false when the run has
    /// not been evaluated yet.</summary>
    public bool RewriteReport()
    {
        if (!File.Exists(run.Evaluation)) return false;
        using var claim = RunLock.Acquire(run.Path);
        ReportWriter.Write(run.Path, EvaluationFiles.Read(run.Path), LearningCurve(), GeometryFiles.Read(run.Path), Notes());
        return true;
    }

    // What the report says about how the agent was trained.
    private TrainingNotes Notes() => new(KeptEvaluation(), ReportedTrainCondition,
        Config.Agent.StandardizeFeatures && File.Exists(run.FeatureStandardization) ? FeatureStandardization.Load(run.FeatureStandardization).Samples : null);

    // The training condition the report names: none for the true state, whose features ignore the modalities.
    private string? ReportedTrainCondition => Config.Representation == RepresentationKind.TrueState ? null : Config.Agent.TrainCondition;

    private IReadOnlyList<(string Label, double[] Steps, double[] Values)> LearningCurve()
    {
        var (steps, values) = new MetricsFile(run.Metrics, Env.EpisodeSteps).Curve(Env.Registration.Score);
        return steps.Length == 0 ? [] : [($"{run.RepresentationName} + {Env.AlgorithmName}", steps, values)];
    }

    // A collected or loaded dataset leaves gigabytes of garbage in the large-object heap (the file's bytes, the
    // collected columns); give it back now, before pretraining holds the machine for hours.
    private static void ReleaseMemory() => GmcRL.Storage.LargeGarbage.Release();

    private void Skip(string stage, string path) => output.WriteLine($"{stage}: done already ({path})");
}
