using System.Diagnostics;
using System.Text;
using System.Text.Json;
using GmcRL.Envs.Registry;
using GmcRL.Representation.Data;
using GmcRL.Storage;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Representation.Training;

/// <summary>What every representation's pretraining shares (docs/method.md §6): epochs, batch size, Adam's learning rate, the
/// held-out fraction, the seed, the retrieval sample count, the intra-op threads and the precision of the image trunks.</summary>
internal sealed record LoopSettings(int Epochs, int BatchSize, double LearningRate, double ValidationFraction, int Seed,
    int RetrievalSamples, int? Threads, ComputePrecision Precision = ComputePrecision.Float32);

/// <summary>Where a resumed run continues: the weights (loaded into the new model), Adam's state, the completed
/// epochs and the best validation loss so far.</summary>
internal sealed record ResumePoint<TModel>(Action<TModel> LoadWeights, byte[]? OptimizerState, int Epoch, double BestValidationLoss);

/// <summary>
/// The pretraining every representation shares: Adam over seeded shuffled batches of the training split (the first
/// samples), then per epoch the validation loss and alignment metrics on the held-out split (the last samples), a log
/// line, the metrics file (JSON lines) and the last and best checkpoints. Deterministic for a seed: the batch order and
/// any sampling noise depend only on the seed and the epoch, so resuming reproduces them. A representation says only
/// how its model is made, what it is trained for and how it is checkpointed: <see cref="GmcTrainer.Create"/>,
/// <see cref="Baselines.BaselineTrainer.Create"/>.
/// </summary>
public sealed class RepresentationTrainer<TModel, TCheckpoint> : IRepresentationTrainer
    where TModel : nn.Module
    where TCheckpoint : ISavedCheckpoint
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    private readonly MultimodalDataset _dataset;
    private readonly LoopSettings _settings;
    private readonly string? _folder;
    private readonly string _lastName;
    private readonly string _bestName;
    private readonly ITrainingObjective<TModel> _objective;
    private readonly Func<TModel, int, double, byte[], TCheckpoint> _capture;
    private readonly TensorColumns _columns;
    private readonly Adam _optimizer;
    private readonly Generator _noise;
    private readonly List<EpochMetrics> _history = [];
    private double _bestValidationLoss = double.PositiveInfinity;

    /// <param name="dataset">The data; the last <see cref="LoopSettings.ValidationFraction"/> is held out.</param>
    /// <param name="settings">The shared settings.</param>
    /// <param name="createModel">Makes the freshly initialised model (after the thread count is set).</param>
    /// <param name="objective">What the model is trained for.</param>
    /// <param name="lastName">File name of the last checkpoint in <paramref name="outputFolder"/>.</param>
    /// <param name="bestName">File name of the best checkpoint.</param>
    /// <param name="outputFolder">Where checkpoints and metrics go; null writes nothing.</param>
    /// <param name="capture">A checkpoint of (model, completed epochs, best validation loss, Adam's state).</param>
    /// <param name="resume">Continue from this point.</param>
    internal RepresentationTrainer(MultimodalDataset dataset, LoopSettings settings, Func<TModel> createModel, ITrainingObjective<TModel> objective, string lastName, string bestName,
        string? outputFolder, Func<TModel, int, double, byte[], TCheckpoint> capture, ResumePoint<TModel>? resume)
    {
        _settings = settings;
        ValidationCount = HeldOut.Count(dataset.Count, settings.ValidationFraction);
        TrainCount = dataset.Count - ValidationCount;
        if (TrainCount < 2)
            throw new ArgumentException($"Pretraining: {dataset.Count} samples leave {TrainCount} for training after the validation split; collect more.");
        if (settings.Threads is int threads) set_num_threads(threads);
        _dataset = dataset;
        _folder = outputFolder;
        _lastName = lastName;
        _bestName = bestName;
        _objective = objective;
        _capture = capture;
        Model = createModel();
        ComputePrecisions.Apply(Model, settings.Precision);
        if (resume is null) InputStandardization.Fit(Model, dataset, TrainCount);
        _columns = new TensorColumns(dataset, settings.BatchSize);
        _optimizer = optim.Adam(Model.parameters(), settings.LearningRate);
        _noise = new Generator(unchecked((ulong)settings.Seed), ComputeDevice.Current);
        if (resume is not null)
        {
            resume.LoadWeights(Model);
            if (resume.OptimizerState is { } state)
            {
                using var reader = new BinaryReader(new MemoryStream(state));
                _optimizer.load_state_dict(reader);
            }
            CompletedEpochs = resume.Epoch;
            _bestValidationLoss = resume.BestValidationLoss;
            _history.AddRange(ReadHistory().Where(m => m.Epoch <= CompletedEpochs));
            Best = EpochMetrics.Best(_history);
        }
    }

    /// <summary>The model being trained.</summary>
    public TModel Model { get; }

    /// <summary>Epochs completed so far (including those of a resumed checkpoint).</summary>
    public int CompletedEpochs { get; private set; }

    /// <summary>Samples in the training split.</summary>
    public int TrainCount { get; }

    /// <summary>Samples in the validation split.</summary>
    public int ValidationCount { get; }

    /// <summary>The metrics of every epoch so far.</summary>
    public IReadOnlyList<EpochMetrics> History => _history;

    /// <summary>The metrics of the epoch whose checkpoint is the best one; null before the first epoch, or while every
    /// held-out loss is NaN.</summary>
    public EpochMetrics? Best { get; private set; }

    /// <inheritdoc/>
    public string BestCheckpointName => _bestName;

    /// <summary>Without an output folder, the best epoch's checkpoint, kept in memory (with one, it is the file
    /// <see cref="BestCheckpointName"/> there); null before the first epoch.</summary>
    public TCheckpoint? BestCheckpoint { get; private set; }

    /// <summary>Trains until the options' epochs are complete, writing one log line per epoch to <paramref name="log"/>.</summary>
    public IReadOnlyList<EpochMetrics> Train(TextWriter? log = null)
    {
        while (CompletedEpochs < _settings.Epochs) RunEpoch(log);
        return History;
    }

    /// <summary>One epoch: training steps, evaluation, log line, metrics file and checkpoints.</summary>
    public EpochMetrics RunEpoch(TextWriter? log = null)
    {
        int epoch = CompletedEpochs + 1;
        long[] order = Shuffled(epoch);
        _noise.manual_seed(unchecked(_settings.Seed * 1_000_033L + epoch));
        Model.train();
        double lossSum = 0;
        int batches = 0, samples = 0;
        var clock = Stopwatch.StartNew();
        for (int start = 0; start + 2 <= order.Length; start += _settings.BatchSize)
        {
            int size = Math.Min(_settings.BatchSize, order.Length - start);
            lossSum += Step(order.AsSpan(start, size));
            batches++;
            samples += size;
        }
        double seconds = clock.Elapsed.TotalSeconds;
        var (validationLoss, alignment) = Evaluate();
        var metrics = new EpochMetrics(epoch, lossSum / batches, validationLoss, alignment, seconds, samples / seconds);
        _history.Add(metrics);
        CompletedEpochs = epoch;
        bool best = validationLoss < _bestValidationLoss;
        if (best) (_bestValidationLoss, Best) = (validationLoss, metrics);
        if (_folder is not null) Persist(best);
        else if (best) BestCheckpoint = Checkpoint();
        log?.WriteLine(metrics.Describe(_settings.Epochs, best));
        return metrics;
    }

    /// <summary>One Adam step on the samples <paramref name="indices"/>; returns the batch's loss.</summary>
    public double Step(ReadOnlySpan<long> indices)
    {
        using var scope = NewDisposeScope();
        var inputs = _columns.Batch(indices);
        _optimizer.zero_grad();
        var loss = _objective.Loss(Model, inputs, _noise);
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }

    /// <summary>The validation loss and each modality's alignment on the validation split.</summary>
    public (double Loss, IReadOnlyList<ModalityAlignment> Alignment) Evaluate()
    {
        int count = ValidationCount, latent = 0, modalities = _dataset.Spec.Count;
        float[] complete = [];
        var singles = new float[modalities][];
        double lossSum = 0;
        int batches = 0;
        var indices = new long[_settings.BatchSize];
        Model.eval();
        using (no_grad())
        {
            for (int start = 0; start < count; start += _settings.BatchSize)
            {
                int size = Math.Min(_settings.BatchSize, count - start);
                using var scope = NewDisposeScope();
                for (int k = 0; k < size; k++) indices[k] = TrainCount + start + k;
                var inputs = _columns.Batch(indices.AsSpan(0, size));
                var (loss, zc, zs) = _objective.Validate(Model, inputs);
                if (loss is not null)
                {
                    lossSum += loss.item<float>();
                    batches++;
                }
                if (latent == 0)
                {
                    latent = (int)zc.shape[1];
                    complete = new float[count * latent];
                    for (int m = 0; m < modalities; m++) singles[m] = new float[count * latent];
                }
                zc.Host().data<float>().CopyTo(complete.AsSpan(start * latent, size * latent));
                for (int m = 0; m < modalities; m++) zs[m].Host().data<float>().CopyTo(singles[m].AsSpan(start * latent, size * latent));
            }
        }
        Model.train();
        var angles = Angles();
        var alignment = Enumerable.Range(0, modalities).Select(m => AlignmentMeasure.Measure(_dataset.Spec.Modalities[m].Name,
            singles[m], complete, latent, _settings.RetrievalSamples, angles, _settings.Seed + m)).ToArray();
        return (lossSum / Math.Max(1, batches), alignment);
    }

    /// <summary>A checkpoint of the current state (weights, Adam's state, epoch).</summary>
    public TCheckpoint Checkpoint()
    {
        using var scope = NewDisposeScope();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true)) _optimizer.save_state_dict(writer);
        return _capture(Model, CompletedEpochs, _bestValidationLoss, stream.ToArray());
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _noise.Dispose();
        _optimizer.Dispose();
        _columns.Dispose();
        Model.Dispose();
    }

    // The training split in a seeded order that depends only on the seed and the epoch, so resuming reproduces it.
    private long[] Shuffled(int epoch)
    {
        var order = new long[TrainCount];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        new Random(unchecked(_settings.Seed * 1_000_003 + epoch)).Shuffle(order);
        return order;
    }

    // The angle of each validation sample, when its environment declares a true-state component that is an angle.
    private double[] Angles()
    {
        if (EnvRegistry.Find(_dataset.Header.Environment)?.TrueState?.Angle is not int angle || angle >= _dataset.Header.StateSize) return [];
        int stride = _dataset.Header.StateSize;
        var states = _dataset.States;
        var angles = new double[ValidationCount];
        for (int i = 0; i < angles.Length; i++) angles[i] = states[(TrainCount + i) * stride + angle];
        return angles;
    }

    // The last checkpoint goes last: it is the point a resumed run continues from, so a process killed before it has
    // written it repeats this epoch, which rewrites the best checkpoint and the metrics it may already have written
    // (with the same values, as an epoch is deterministic). Written first, a kill after it would leave the epoch
    // missing from the metrics and perhaps from the best checkpoint.
    private void Persist(bool best)
    {
        var checkpoint = Checkpoint();
        if (best) checkpoint.Save(Path.Combine(_folder!, _bestName));
        var lines = new StringBuilder();
        foreach (var m in _history) lines.AppendLine(JsonSerializer.Serialize(m, JsonOptions));
        AtomicFile.Write(Path.Combine(_folder!, EpochMetrics.FileName), s =>
        {
            using var w = new StreamWriter(s, new UTF8Encoding(false), leaveOpen: true);
            w.Write(lines.ToString());
        });
        checkpoint.Save(Path.Combine(_folder!, _lastName));
        // Writing a checkpoint of the reference size leaves about 100 MB of large short-lived arrays (weights, Adam's state and their
        // serialised forms); collecting them once per epoch keeps the process's peak memory near its live size.
        GC.Collect();
    }

    private IEnumerable<EpochMetrics> ReadHistory() => _folder is null ? [] : EpochMetrics.ReadJsonLines(Path.Combine(_folder, EpochMetrics.FileName));

}
