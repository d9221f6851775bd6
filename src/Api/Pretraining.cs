using System.Globalization;
using GmcRL.Progress;
using GmcRL.Representation;
using GmcRL.Representation.Baselines;
using GmcRL.Representation.Data;
using GmcRL.Representation.Gmc;
using GmcRL.Representation.Training;
using GmcRL.Storage;

namespace GmcRL;

/// <summary>
/// Pretraining a representation on a collected dataset: GMC (docs/method.md §3) or a baseline (a fusion autoencoder,
/// the MVAE). The model kept is the epoch with the lowest held-out loss; <see cref="Freeze"/> gives it as the frozen
/// encoder agents see observations through. With a folder, every epoch leaves a checkpoint there and pretraining
/// continues from the last one.
/// </summary>
/// <example><code>
/// using var pretraining = Pretraining.Gmc(dataset, new GmcTrainingOptions { Epochs = 30 });
/// pretraining.Run(Console.Out);
/// using var encoder = pretraining.Freeze();
/// </code></example>
public sealed class Pretraining : IDisposable
{
    private readonly IRepresentationTrainer _trainer;
    private readonly Func<ISavedCheckpoint?> _best;
    private readonly Func<ISavedCheckpoint, IFrozenEncoder> _freeze;
    private readonly string? _folder;

    private Pretraining(string name, int epochs, IRepresentationTrainer trainer, string? folder, Func<ISavedCheckpoint?> best,
        Func<ISavedCheckpoint, IFrozenEncoder> freeze)
    {
        Name = name;
        Epochs = epochs;
        _trainer = trainer;
        _folder = folder;
        _best = best;
        _freeze = freeze;
    }

    /// <summary>GMC on <paramref name="dataset"/> (default options: the paper's model and schedule, docs/method.md §6);
    /// with <paramref name="folder"/>, checkpoints go there and an existing one is continued.</summary>
    public static Pretraining Gmc(MultimodalDataset dataset, GmcTrainingOptions? options = null, string? folder = null)
    {
        options ??= new GmcTrainingOptions();
        var trainer = GmcTrainer.Create(dataset, options, folder, Last(folder, GmcTrainer.LastCheckpointName, GmcCheckpoint.Load));
        return new Pretraining("gmc", options.Epochs, trainer, folder, () => BestOf(trainer, folder, GmcCheckpoint.Load),
            c => new GmcEncoder((GmcCheckpoint)c));
    }

    /// <summary>A baseline (<see cref="BaselineTrainingOptions.Kind"/>) on <paramref name="dataset"/>; with
    /// <paramref name="folder"/>, checkpoints go there and an existing one is continued.</summary>
    public static Pretraining Baseline(MultimodalDataset dataset, BaselineTrainingOptions options, string? folder = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var kind = options.Kind;
        var trainer = BaselineTrainer.Create(dataset, options, folder,
            Last(folder, BaselineTrainer.LastCheckpointName, path => BaselineCheckpoint.Load(path, kind)));
        return new Pretraining(kind == BaselineKind.Mvae ? "mvae" : "fusion_ae", options.Epochs, trainer, folder,
            () => BestOf(trainer, folder, path => BaselineCheckpoint.Load(path, kind)), c => new BaselineEncoder((BaselineCheckpoint)c));
    }

    /// <summary>The representation's name as configs and reports spell it: gmc, fusion_ae or mvae.</summary>
    public string Name { get; }

    /// <summary>Epochs to train in all.</summary>
    public int Epochs { get; }

    /// <summary>Epochs completed (counting those of a continued checkpoint).</summary>
    public int CompletedEpochs => _trainer.CompletedEpochs;

    /// <summary>Samples trained on; the rest of the dataset is held out.</summary>
    public int TrainCount => _trainer.TrainCount;

    /// <summary>Samples held out for the validation loss and the alignment measures.</summary>
    public int ValidationCount => _trainer.ValidationCount;

    /// <summary>Every epoch's metrics so far.</summary>
    public IReadOnlyList<EpochMetrics> History => _trainer.History;

    /// <summary>The kept epoch's metrics (lowest held-out loss); null before the first epoch or while every held-out
    /// loss is NaN.</summary>
    public EpochMetrics? Best => _trainer.Best;

    /// <summary>Trains the remaining epochs, with a progress bar on <paramref name="progress"/> and
    /// <paramref name="onEpoch"/> called after each; returns false when <paramref name="stop"/> ended it early (between
    /// epochs: with a folder, running again continues there).</summary>
    public bool Run(TextWriter? progress = null, Action<EpochMetrics>? onEpoch = null, CancellationToken stop = default)
    {
        using var bar = progress is null ? null : new ProgressBar(progress, "pretrain", Epochs, "epochs", start: CompletedEpochs);
        bar?.Report(CompletedEpochs);
        while (CompletedEpochs < Epochs)
        {
            if (stop.IsCancellationRequested) return false;
            var m = _trainer.RunEpoch();
            onEpoch?.Invoke(m);
            string cosines = string.Join(" ", m.Alignment.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Modality} {a.PositiveCosine:F3}")));
            bar?.Report(CompletedEpochs, string.Create(CultureInfo.InvariantCulture, $"loss {m.TrainLoss:F3} val {m.ValidationLoss:F3} cos ") + cosines);
        }
        return true;
    }

    /// <summary>One line on the kept model: its epoch, held-out loss and each modality's alignment.</summary>
    public string Describe() => Best is not { } best ? "no model: every held-out loss was NaN" :
        string.Create(CultureInfo.InvariantCulture, $"model = epoch {best.Epoch} of {CompletedEpochs} (lowest held-out loss, {best.ValidationLoss:F3}); held-out alignment ")
        + string.Join(", ", best.Alignment.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Modality}: cosine {a.PositiveCosine:F3}, top-1 {a.Top1:P0}")));

    /// <summary>The kept model, frozen: the encoder an <see cref="Agent"/> sees observations through.</summary>
    public IFrozenEncoder Freeze() => _freeze(KeptCheckpoint());

    /// <summary>Writes the kept model to <paramref name="path"/> atomically (a file <see cref="Representation.Gmc.GmcEncoder"/>
    /// or <see cref="BaselineEncoder"/> loads).</summary>
    public void Save(string path)
    {
        if (_folder is not null && Best is not null) AtomicFile.Copy(Path.Combine(_folder, _trainer.BestCheckpointName), path);
        else KeptCheckpoint().Save(path);
    }

    /// <inheritdoc/>
    public void Dispose() => _trainer.Dispose();

    private ISavedCheckpoint KeptCheckpoint() => (Best is null ? null : _best()) ?? throw new InvalidOperationException(
        CompletedEpochs == 0 ? "Pretraining has no model before its first epoch: call Run first." : $"Every epoch of {Name} ended with a held-out loss of NaN, so there is no model to keep; lower the learning rate.");

    private static T? Last<T>(string? folder, string name, Func<string, T> load) where T : class =>
        folder is not null && File.Exists(Path.Combine(folder, name)) ? load(Path.Combine(folder, name)) : null;

    private static ISavedCheckpoint? BestOf<TModel, TCheckpoint>(RepresentationTrainer<TModel, TCheckpoint> trainer, string? folder, Func<string, TCheckpoint> load)
        where TModel : TorchSharp.torch.nn.Module where TCheckpoint : class, ISavedCheckpoint =>
        folder is null ? trainer.BestCheckpoint : load(Path.Combine(folder, trainer.BestCheckpointName));
}
