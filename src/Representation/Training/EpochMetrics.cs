using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GmcRL.Representation.Training;

/// <summary>What one pretraining epoch measured.</summary>
/// <param name="Epoch">The epoch (1-based).</param>
/// <param name="TrainLoss">Mean loss over the epoch's training batches.</param>
/// <param name="ValidationLoss">Mean loss over the validation batches.</param>
/// <param name="Alignment">Per-modality alignment on the validation split.</param>
/// <param name="TrainSeconds">Wall time of the epoch's training steps.</param>
/// <param name="SamplesPerSecond">Training samples per second of wall time in the training steps.</param>
public sealed record EpochMetrics(int Epoch, double TrainLoss, double ValidationLoss, IReadOnlyList<ModalityAlignment> Alignment,
    double TrainSeconds, double SamplesPerSecond)
{
    /// <summary>File name of the per-epoch metrics (JSON lines) in a pretraining output folder.</summary>
    public const string FileName = "metrics.jsonl";

    /// <summary>The epoch whose checkpoint a run keeps as its model: the lowest validation loss, the first of equals (an
    /// epoch counts as better only when strictly lower, and a NaN loss never does); null when there is none.</summary>
    public static EpochMetrics? Best(IEnumerable<EpochMetrics> history)
    {
        EpochMetrics? best = null;
        foreach (var m in history)
            if (m.ValidationLoss < (best?.ValidationLoss ?? double.PositiveInfinity)) best = m;
        return best;
    }

    /// <summary>One line for a log: the epoch of <paramref name="epochs"/>, the losses (a star when this epoch's is the
    /// best so far), each modality's alignment and the speed. The app's progress display is the one progress bar; this is
    /// the record it leaves in a log.</summary>
    public string Describe(int epochs, bool best)
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"epoch {Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(epochs.ToString(CultureInfo.InvariantCulture).Length)}/{epochs} ");
        line.Append(CultureInfo.InvariantCulture, $"loss {TrainLoss:0.0000} val {ValidationLoss:0.0000}{(best ? "*" : " ")}");
        foreach (var a in Alignment)
        {
            line.Append(CultureInfo.InvariantCulture, $" | {a.Modality}: cos {a.PositiveCosine:0.000} (rand {a.RandomCosine:0.000}) top1 {a.Top1:0.000} top5 {a.Top5:0.000}");
            if (a.MedianAngleError is double e) line.Append(CultureInfo.InvariantCulture, $" angle {e * 180 / Math.PI:0.0}°");
        }
        line.Append(CultureInfo.InvariantCulture, $" | {SamplesPerSecond:0} samples/s");
        return line.ToString();
    }

    /// <summary>The metrics a pretraining run wrote to <paramref name="path"/> (JSON lines, one epoch a line); empty when
    /// the file does not exist, an <see cref="InvalidDataException"/> naming the file when a line is not readable.</summary>
    public static IReadOnlyList<EpochMetrics> ReadJsonLines(string path)
    {
        if (!File.Exists(path)) return [];
        try
        {
            return File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<EpochMetrics>(l)!).ToList();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a readable pretraining metrics file: {e.Message}", e);
        }
    }
}
