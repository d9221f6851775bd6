namespace GmcRL.Envs;

/// <summary>The modalities of a multimodal observation, in a fixed order (at most 32, with unique names).</summary>
public sealed record ObservationSpec
{
    /// <summary>A validated spec.</summary>
    public ObservationSpec(IReadOnlyList<ModalitySpec> modalities)
    {
        if (modalities.Count == 0) throw new ArgumentException("An observation needs at least one modality.");
        if (modalities.Count > PresenceMask.MaxModalities)
            throw new ArgumentException($"At most {PresenceMask.MaxModalities} modalities are supported (got {modalities.Count}).");
        var dup = modalities.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new ArgumentException($"Modality name '{dup.Key}' appears twice.");
        Modalities = modalities.ToArray();
    }

    /// <summary>The modalities in order.</summary>
    public IReadOnlyList<ModalitySpec> Modalities { get; }

    /// <summary>Number of modalities.</summary>
    public int Count => Modalities.Count;

    /// <summary>The index of the modality named <paramref name="name"/>; a clear error for an unknown name.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Modalities.Count; i++)
            if (Modalities[i].Name == name) return i;
        throw new ArgumentException($"Unknown modality '{name}'; this observation has: {string.Join(", ", Modalities.Select(m => m.Name))}.");
    }

    /// <summary>The mask of the named modalities.</summary>
    public PresenceMask MaskOf(IEnumerable<string> names) =>
        names.Aggregate(PresenceMask.None, (mask, n) => mask.With(IndexOf(n)));

    /// <summary>The names of the modalities present in <paramref name="mask"/>.</summary>
    public IReadOnlyList<string> NamesIn(PresenceMask mask) =>
        Modalities.Where((_, i) => mask.Has(i)).Select(m => m.Name).ToArray();

    /// <summary>Every modality stacked <paramref name="count"/> times.</summary>
    public ObservationSpec Stacked(int count) => new(Modalities.Select(m => m.Stacked(count)).ToArray());

    /// <inheritdoc/>
    public bool Equals(ObservationSpec? other) => other is not null && Modalities.SequenceEqual(other.Modalities);

    /// <inheritdoc/>
    public override int GetHashCode() => Modalities.Aggregate(0, (h, m) => HashCode.Combine(h, m));

    /// <inheritdoc/>
    public override string ToString() => string.Join(", ", Modalities);
}
