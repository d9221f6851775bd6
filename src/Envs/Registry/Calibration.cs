using System.Globalization;

namespace GmcRL.Envs.Registry;

/// <summary>
/// Named constants that set the scale an environment observes on, fitted to the data collected from it (for the
/// multimodal pendulum: the sound's min-max frequency and amplitude, as the GMC reference scales it). They travel with a
/// dataset and with every model trained on it, so that control time observes on the training data's scale.
/// </summary>
public sealed record Calibration
{
    private readonly SortedDictionary<string, double> _constants;

    /// <summary>Constants by name; every name non-empty and every value finite.</summary>
    public Calibration(IEnumerable<KeyValuePair<string, double>> constants)
    {
        _constants = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in constants)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A calibration constant needs a name.");
            if (!double.IsFinite(value)) throw new ArgumentException($"Calibration constant '{name}' must be finite (got {value}).");
            if (!_constants.TryAdd(name, value)) throw new ArgumentException($"Calibration constant '{name}' appears twice.");
        }
    }

    /// <summary>The constants, by name in ordinal order.</summary>
    public IReadOnlyDictionary<string, double> Constants => _constants;

    /// <summary>The constant named <paramref name="name"/>; a clear error when there is none.</summary>
    public double this[string name] => _constants.TryGetValue(name, out double v) ? v
        : throw new ArgumentException($"The calibration has no constant '{name}'; it has: {string.Join(", ", _constants.Keys)}.");

    /// <inheritdoc/>
    public bool Equals(Calibration? other) =>
        other is not null && _constants.Count == other._constants.Count &&
        _constants.All(p => other._constants.TryGetValue(p.Key, out double v) && v.Equals(p.Value));

    /// <inheritdoc/>
    public override int GetHashCode() => _constants.Aggregate(0, (h, p) => HashCode.Combine(h, p.Key, p.Value));

    /// <inheritdoc/>
    public override string ToString() =>
        string.Join(", ", _constants.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} = {p.Value:R}")));
}
