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
/// running statistics (and clips the result to ±10); here the statistics are fitted once, before training, never
/// change and nothing is clipped, so that the agent's input is a fixed affine function of the representation's. The
/// representation itself stays frozen and unchanged. An agent trained on standardised features must be loaded on the
/// same map: keep it with <see cref="Save"/> beside the agent (a run folder keeps it as feature_standardization.json).
/// </summary>
/// <example><code>
/// var scaling = FeatureStandardization.Fit(encoder, dataset);
/// using var agent = Agent.Create(env, scaling.Apply(encoder), settings);
/// </code></example>
public sealed class FeatureStandardization
{
    /// <summary>A standard deviation below this counts as a feature that does not vary: it is centred, not scaled.</summary>
    public const float Constant = 1e-6f;

    private readonly float[] _mean, _std;

    /// <summary>A map from each feature's <paramref name="mean"/> and standard deviation <paramref name="std"/> over
    /// <paramref name="samples"/> samples. Throws <see cref="ArgumentException"/> unless there is at least one feature,
    /// as many means as standard deviations, every mean finite, every standard deviation finite and at least
    /// <see cref="Constant"/>, and at least two samples.</summary>
    public FeatureStandardization(IReadOnlyList<float> mean, IReadOnlyList<float> std, int samples)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count == 0 || mean.Count != std.Count)
            throw new ArgumentException($"A feature standardisation needs as many means as standard deviations, at least one (got {mean.Count} and {std.Count}).");
        if (!mean.All(float.IsFinite) || !std.All(s => float.IsFinite(s) && s >= Constant))
            throw new ArgumentException($"A feature standardisation needs every mean finite and every standard deviation finite and at least {Constant}.");
        if (samples < 2) throw new ArgumentException($"A feature standardisation is measured on at least 2 samples (got {samples}).");
        _mean = [.. mean];
        _std = [.. std];
        Samples = samples;
    }

    /// <summary>Each feature's mean over the samples.</summary>
    public IReadOnlyList<float> Mean => _mean;

    /// <summary>Each feature's standard deviation over the samples (1 for a feature that does not vary).</summary>
    public IReadOnlyList<float> Std => _std;

    /// <summary>How many samples the statistics were measured on.</summary>
    public int Samples { get; }

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
        // The floor is taken in float, the precision the map is kept in, so that what is saved loads again.
        var std = squares.Select(s => (float)Math.Sqrt(s / n)).Select(s => s < Constant ? 1f : s);
        return new FeatureStandardization(mean.Select(m => (float)m).ToArray(), std.ToArray(), n);
    }

    /// <summary>Features of <paramref name="encoder"/> standardised by this map. With <paramref name="owns"/> the
    /// returned encoder disposes <paramref name="encoder"/> with itself.</summary>
    public IFrozenEncoder Apply(IFrozenEncoder encoder, bool owns = false)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        if (encoder.FeatureSize != _mean.Length)
            throw new ArgumentException($"The standardisation is of {_mean.Length} features, but the encoder gives {encoder.FeatureSize}.", nameof(encoder));
        return new Standardized(encoder, this, owns);
    }

    /// <summary>The representation behind <paramref name="encoder"/>: the encoder itself unless it is standardised.</summary>
    internal static IFrozenEncoder Unwrapped(IFrozenEncoder encoder) => encoder is Standardized s ? s.Inner : encoder;

    /// <summary>Writes the map as JSON (atomically).</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(new Stored(FormatVersion, Samples, _mean, _std), Json));

    /// <summary>Reads a map written by <see cref="Save"/>; a clear error when the file is malformed.</summary>
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
        if (file is null) throw new InvalidDataException($"{path} is not a valid feature standardisation: it is empty.");
        if (file.FormatVersion != FormatVersion)
            throw new InvalidDataException($"{path} has format version {file.FormatVersion}; this gmcrl reads version {FormatVersion}.");
        try
        {
            return new FeatureStandardization(file.Mean ?? [], file.Std ?? [], file.Samples);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path} is not a valid feature standardisation: {e.Message}", e);
        }
    }

    private const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    private sealed record Stored(int FormatVersion, int Samples, float[] Mean, float[] Std);

    private sealed class Standardized(IFrozenEncoder inner, FeatureStandardization map, bool owns) : IFrozenEncoder
    {
        private readonly float[] _scale = map._std.Select(s => 1f / s).ToArray();

        public IFrozenEncoder Inner => inner;
        public ObservationSpec Spec => inner.Spec;
        public Calibration? Calibration => inner.Calibration;
        public int FeatureSize => inner.FeatureSize;

        public void Encode(ReadOnlySpan<MultimodalObservation> observations, Span<float> features)
        {
            inner.Encode(observations, features);
            int size = _scale.Length;
            for (int start = 0; start < features.Length; start += size)
            {
                var row = features.Slice(start, size);
                for (int j = 0; j < size; j++) row[j] = (row[j] - map._mean[j]) * _scale[j];
            }
        }

        public void Dispose()
        {
            if (owns) inner.Dispose();
        }
    }
}
