using System.Text.Json;
using GmcRL.Envs;
using GmcRL.Envs.Registry;
using GmcRL.Representation;
using GmcRL.Representation.Data;
using GmcRL.Storage;

namespace GmcRL;

/// <summary>
/// A fixed affine map that gives each feature of a frozen encoder zero mean and unit variance over a dataset, so that
/// the agent's networks see inputs of one scale whatever the representation (GMC's latent lies on the unit sphere, a
/// fusion autoencoder's spreads over tens). Stable-Baselines3's <c>VecNormalize</c> does this for observations with
/// running statistics; here the statistics are fitted once, before training, and never change, so that the agent's
/// input is a fixed function of the observation. The representation itself stays frozen and unchanged.
/// </summary>
/// <example><code>
/// var scaling = FeatureStandardization.Fit(encoder, dataset);
/// using var agent = Agent.Create(env, scaling.Apply(encoder), settings);
/// </code></example>
/// <param name="Mean">Each feature's mean over the samples.</param>
/// <param name="Std">Each feature's standard deviation over the samples (a feature that does not vary keeps its scale:
/// 1 here).</param>
/// <param name="Samples">How many samples the statistics were measured on.</param>
public sealed record FeatureStandardization(float[] Mean, float[] Std, int Samples)
{
    /// <summary>A standard deviation below this counts as a feature that does not vary.</summary>
    public const double Constant = 1e-6;

    /// <summary>The statistics of <paramref name="encoder"/>'s features of the first <paramref name="count"/> samples
    /// of <paramref name="dataset"/> (default: all), every modality present.</summary>
    public static FeatureStandardization Fit(IFrozenEncoder encoder, MultimodalDataset dataset, int? count = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(dataset);
        int n = count ?? dataset.Count;
        if (n < 2 || n > dataset.Count)
            throw new ArgumentOutOfRangeException(nameof(count), n, $"fit on at least 2 samples and at most the dataset's {dataset.Count}.");
        if (Agent.Layout(dataset.Spec) != Agent.Layout(encoder.Spec))
            throw new ArgumentException($"The encoder reads {Agent.Layout(encoder.Spec)}, but the dataset holds {Agent.Layout(dataset.Spec)}.", nameof(dataset));
        var points = LatentGeometry.Encode(dataset, encoder, 0, n, PresenceMask.All(encoder.Spec.Count));
        int size = points.Dimension;
        var sum = new double[size];
        for (int i = 0; i < n; i++)
        {
            var x = points[i];
            for (int j = 0; j < size; j++) sum[j] += x[j];
        }
        if (!sum.All(double.IsFinite))
            throw new ArgumentException("The encoder gives features that are not finite numbers on these samples; there is no scale to fit.", nameof(encoder));
        var mean = sum.Select(s => s / n).ToArray();
        var squares = new double[size];
        for (int i = 0; i < n; i++)
        {
            var x = points[i];
            for (int j = 0; j < size; j++) squares[j] += (x[j] - mean[j]) * (x[j] - mean[j]);
        }
        var std = squares.Select(s => Math.Sqrt(s / n)).Select(s => s < Constant ? 1.0 : s);
        return new FeatureStandardization(mean.Select(m => (float)m).ToArray(), std.Select(s => (float)s).ToArray(), n);
    }

    /// <summary>Features of <paramref name="encoder"/> standardised by this map. With <paramref name="owns"/> the
    /// returned encoder disposes <paramref name="encoder"/> with itself.</summary>
    public IFrozenEncoder Apply(IFrozenEncoder encoder, bool owns = false)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        if (encoder.FeatureSize != Mean.Length)
            throw new ArgumentException($"The standardisation is of {Mean.Length} features, but the encoder gives {encoder.FeatureSize}.", nameof(encoder));
        if (Std.Length != Mean.Length || !Mean.All(float.IsFinite) || !Std.All(x => float.IsFinite(x) && x >= Constant))
            throw new InvalidOperationException("The standardisation needs a finite mean and a finite, positive standard deviation per feature.");
        return new Standardized(encoder, this, owns);
    }

    /// <summary>Writes the map as JSON (atomically).</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(new Stored(FormatVersion, Samples, Mean, Std), Json));

    /// <summary>Reads a map written by <see cref="Save"/>; a clear error when the file is missing or malformed.</summary>
    public static FeatureStandardization Load(string path)
    {
        Stored? file;
        try
        {
            file = JsonSerializer.Deserialize<Stored>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid feature standardisation: {e.Message}", e);
        }
        string Damaged(string what) => $"{path} is not a valid feature standardisation: {what}.";
        if (file is null) throw new InvalidDataException(Damaged("it is empty"));
        if (file.FormatVersion != FormatVersion)
            throw new InvalidDataException($"{path} has format version {file.FormatVersion}; this gmcrl reads version {FormatVersion}.");
        if (file.Mean is null || file.Std is null || file.Mean.Length == 0 || file.Mean.Length != file.Std.Length)
            throw new InvalidDataException(Damaged("it needs as many means as standard deviations, at least one"));
        if (file.Samples < 2) throw new InvalidDataException(Damaged($"it was measured on {file.Samples} samples"));
        if (!file.Mean.All(float.IsFinite) || !file.Std.All(s => float.IsFinite(s) && s >= Constant))
            throw new InvalidDataException(Damaged("every mean must be finite and every standard deviation finite and positive"));
        return new FeatureStandardization(file.Mean, file.Std, file.Samples);
    }

    private const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    private sealed record Stored(int FormatVersion, int Samples, float[] Mean, float[] Std);

    private sealed class Standardized(IFrozenEncoder inner, FeatureStandardization map, bool owns) : IFrozenEncoder
    {
        private readonly float[] _scale = map.Std.Select(s => 1f / s).ToArray();

        public ObservationSpec Spec => inner.Spec;
        public Calibration? Calibration => inner.Calibration;
        public int FeatureSize => inner.FeatureSize;

        public void Encode(ReadOnlySpan<MultimodalObservation> observations, Span<float> features)
        {
            inner.Encode(observations, features);
            int size = map.Mean.Length;
            for (int start = 0; start < features.Length; start += size)
            {
                var row = features.Slice(start, size);
                for (int j = 0; j < size; j++) row[j] = (row[j] - map.Mean[j]) * _scale[j];
            }
        }

        public void Dispose()
        {
            if (owns) inner.Dispose();
        }
    }
}
