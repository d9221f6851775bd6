using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GmcRL.Representation.Data;
using GmcRL.Representation.Gmc;
using GmcRL.Representation.Storage;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Representation.Training;

/// <summary>
/// Contrastive pretraining of a <see cref="GmcModel"/> on a <see cref="MultimodalDataset"/> (GMC-SPEC §3, §6): Adam over
/// shuffled batches of the training split, then per epoch the validation loss and alignment metrics, a progress line,
/// the metrics file and the best and last checkpoints. Deterministic for a seed; resumable from a checkpoint.
/// </summary>
public sealed class GmcTrainer : IDisposable
{
    /// <summary>File name of the latest checkpoint in the output folder.</summary>
    public const string LastCheckpointName = "last" + GmcCheckpoint.Extension;

    /// <summary>File name of the checkpoint with the lowest validation loss.</summary>
    public const string BestCheckpointName = "best" + GmcCheckpoint.Extension;

    /// <summary>File name of the per-epoch metrics (JSON lines).</summary>
    public const string MetricsName = "metrics.jsonl";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    private readonly MultimodalDataset _dataset;
    private readonly GmcTrainingOptions _options;
    private readonly string? _folder;
    private readonly TensorColumns _columns;
    private readonly Adam _optimizer;
    private readonly int _trainCount;
    private readonly int _validationCount;
    private readonly List<EpochMetrics> _history = [];
    private double _bestValidationLoss = double.PositiveInfinity;

    /// <summary>A trainer for <paramref name="dataset"/>; with <paramref name="outputFolder"/> it writes checkpoints and
    /// metrics there; with <paramref name="resume"/> it continues that checkpoint's run (same architecture and data spec).</summary>
    public GmcTrainer(MultimodalDataset dataset, GmcTrainingOptions options, string? outputFolder = null, GmcCheckpoint? resume = null)
    {
        _options = options.Validated();
        _validationCount = Math.Max(2, (int)Math.Round(dataset.Count * _options.ValidationFraction));
        _trainCount = dataset.Count - _validationCount;
        if (_trainCount < 2)
            throw new ArgumentException($"Pretraining: {dataset.Count} samples leave {_trainCount} for training after the validation split; collect more.");
        if (resume is not null)
        {
            if (!resume.Model.Equals(_options.Model))
                throw new ArgumentException("Pretraining: the checkpoint to resume has a different model architecture than the options ask for.");
            if (!resume.Spec.Equals(dataset.Spec))
                throw new ArgumentException($"Pretraining: the checkpoint to resume encodes [{resume.Spec}], but the dataset holds [{dataset.Spec}].");
        }
        if (_options.Threads is int threads) set_num_threads(threads);
        _dataset = dataset;
        _folder = outputFolder;
        Model = new GmcModel(dataset.Spec, _options.Model, _options.Seed);
        _columns = new TensorColumns(dataset, _options.BatchSize);
        _optimizer = optim.Adam(Model.parameters(), _options.LearningRate);
        if (resume is not null)
        {
            resume.LoadInto(Model);
            if (resume.OptimizerState is { } state)
            {
                using var reader = new BinaryReader(new MemoryStream(state));
                _optimizer.load_state_dict(reader);
            }
            CompletedEpochs = resume.Epoch;
            _bestValidationLoss = resume.BestValidationLoss;
            _history.AddRange(ReadHistory().Where(m => m.Epoch <= CompletedEpochs));
        }
    }

    /// <summary>The model being trained.</summary>
    public GmcModel Model { get; }

    /// <summary>Epochs completed so far (including those of a resumed checkpoint).</summary>
    public int CompletedEpochs { get; private set; }

    /// <summary>Samples in the training split (the first ones of the dataset).</summary>
    public int TrainCount => _trainCount;

    /// <summary>Samples in the validation split (the last ones).</summary>
    public int ValidationCount => _validationCount;

    /// <summary>The metrics of every epoch so far.</summary>
    public IReadOnlyList<EpochMetrics> History => _history;

    /// <summary>Trains until <see cref="GmcTrainingOptions.Epochs"/> epochs are complete, writing one progress line per
    /// epoch to <paramref name="progress"/>.</summary>
    public IReadOnlyList<EpochMetrics> Train(TextWriter? progress = null)
    {
        while (CompletedEpochs < _options.Epochs) RunEpoch(progress);
        return _history;
    }

    /// <summary>One epoch: training steps, evaluation, progress line, metrics file and checkpoints.</summary>
    public EpochMetrics RunEpoch(TextWriter? progress = null)
    {
        int epoch = CompletedEpochs + 1;
        long[] order = Shuffled(epoch);
        Model.train();
        double lossSum = 0;
        int batches = 0, samples = 0;
        var clock = Stopwatch.StartNew();
        for (int start = 0; start + 2 <= order.Length; start += _options.BatchSize)
        {
            int size = Math.Min(_options.BatchSize, order.Length - start);
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
        if (best) _bestValidationLoss = validationLoss;
        if (_folder is not null) Persist(best);
        progress?.WriteLine(ProgressLine(metrics, best));
        return metrics;
    }

    /// <summary>One Adam step on the samples <paramref name="indices"/>; returns the batch's loss.</summary>
    public double Step(ReadOnlySpan<long> indices)
    {
        using var scope = NewDisposeScope();
        var inputs = _columns.Batch(indices);
        _optimizer.zero_grad();
        // The complete latent z(1:M) and each modality's z(m), then the contrastive loss (GMC-SPEC §3).
        var (complete, singles) = Model.Latents(inputs);
        var loss = GmcLoss.Compute(complete, singles, _options.Temperature, _options.Loss);
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }

    /// <summary>The validation loss and each modality's alignment on the validation split.</summary>
    public (double Loss, IReadOnlyList<ModalityAlignment> Alignment) Evaluate()
    {
        int count = _validationCount, latent = Model.LatentDim, modalities = Model.ModalityCount;
        var complete = new float[count * latent];
        var singles = Enumerable.Range(0, modalities).Select(_ => new float[count * latent]).ToArray();
        double lossSum = 0;
        int batches = 0;
        var indices = new long[_options.BatchSize];
        Model.eval();
        using (no_grad())
        {
            for (int start = 0; start < count; start += _options.BatchSize)
            {
                int size = Math.Min(_options.BatchSize, count - start);
                using var scope = NewDisposeScope();
                for (int k = 0; k < size; k++) indices[k] = _trainCount + start + k;
                var inputs = _columns.Batch(indices.AsSpan(0, size));
                var (zc, zs) = Model.Latents(inputs);
                if (size >= 2)
                {
                    lossSum += GmcLoss.Compute(zc, zs, _options.Temperature, _options.Loss).item<float>();
                    batches++;
                }
                zc.data<float>().CopyTo(complete.AsSpan(start * latent, size * latent));
                for (int m = 0; m < modalities; m++) zs[m].data<float>().CopyTo(singles[m].AsSpan(start * latent, size * latent));
            }
        }
        Model.train();
        var angles = Angles();
        var alignment = Enumerable.Range(0, modalities).Select(m => AlignmentMeasure.Measure(Model.Spec.Modalities[m].Name,
            singles[m], complete, latent, _options.RetrievalSamples, angles, _options.Seed + m)).ToArray();
        return (lossSum / Math.Max(1, batches), alignment);
    }

    /// <summary>A checkpoint of the current state (weights, Adam's state, epoch).</summary>
    public GmcCheckpoint Checkpoint()
    {
        using var scope = NewDisposeScope();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true)) _optimizer.save_state_dict(writer);
        return GmcCheckpoint.Capture(Model, _dataset.Header, _options, CompletedEpochs, _bestValidationLoss, stream.ToArray());
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _optimizer.Dispose();
        _columns.Dispose();
        Model.Dispose();
    }

    // The training split in a seeded order that depends only on the seed and the epoch, so resuming reproduces it.
    private long[] Shuffled(int epoch)
    {
        var order = new long[_trainCount];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        new Random(unchecked(_options.Seed * 1_000_003 + epoch)).Shuffle(order);
        return order;
    }

    // Theta of each validation sample, when the data is the pendulum's (state = theta, theta_dot).
    private double[] Angles()
    {
        if (_dataset.Header.Environment != PendulumDatasetCollector.EnvironmentName || _dataset.Header.StateSize < 1) return [];
        int stride = _dataset.Header.StateSize;
        var states = _dataset.States;
        var angles = new double[_validationCount];
        for (int i = 0; i < angles.Length; i++) angles[i] = states[(_trainCount + i) * stride];
        return angles;
    }

    private void Persist(bool best)
    {
        string last = Path.Combine(_folder!, LastCheckpointName);
        Checkpoint().Save(last);
        if (best) FramedFile.CopyAtomically(last, Path.Combine(_folder!, BestCheckpointName));
        var lines = new StringBuilder();
        foreach (var m in _history) lines.AppendLine(JsonSerializer.Serialize(m, JsonOptions));
        FramedFile.WriteAtomically(Path.Combine(_folder!, MetricsName), s =>
        {
            using var w = new StreamWriter(s, new UTF8Encoding(false), leaveOpen: true);
            w.Write(lines.ToString());
        });
        // Writing a pendulum checkpoint leaves about 100 MB of large short-lived arrays (weights, Adam's state and their
        // serialised forms); collecting them once per epoch keeps the process's peak memory near its live size.
        GC.Collect();
    }

    private IEnumerable<EpochMetrics> ReadHistory()
    {
        if (_folder is null) return [];
        string path = Path.Combine(_folder, MetricsName);
        if (!File.Exists(path)) return [];
        return File.ReadAllLines(path).Where(l => l.Length > 0)
            .Select(l => JsonSerializer.Deserialize<EpochMetrics>(l, JsonOptions)!).ToList();
    }

    private string ProgressLine(EpochMetrics m, bool best)
    {
        const int width = 20;
        int filled = (int)Math.Round(width * (double)m.Epoch / _options.Epochs);
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"epoch {m.Epoch.ToString().PadLeft(_options.Epochs.ToString().Length)}/{_options.Epochs} ");
        line.Append('[').Append('#', filled).Append('.', width - filled).Append("] ");
        line.Append(CultureInfo.InvariantCulture, $"loss {m.TrainLoss:0.0000} val {m.ValidationLoss:0.0000}{(best ? "*" : " ")}");
        foreach (var a in m.Alignment)
        {
            line.Append(CultureInfo.InvariantCulture, $" | {a.Modality}: cos {a.PositiveCosine:0.000} (rand {a.RandomCosine:0.000}) top1 {a.Top1:0.000} top5 {a.Top5:0.000}");
            if (a.MedianAngleError is double e) line.Append(CultureInfo.InvariantCulture, $" angle {e * 180 / Math.PI:0.0}°");
        }
        line.Append(CultureInfo.InvariantCulture, $" | {m.SamplesPerSecond:0} samples/s");
        return line.ToString();
    }
}
