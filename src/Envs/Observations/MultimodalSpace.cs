namespace GmcRL.Envs;

/// <summary>The space of multimodal observations of one <see cref="ObservationSpec"/>: every element within its
/// modality's bounds, and every missing modality all zeros.</summary>
public sealed class MultimodalSpace(ObservationSpec spec) : ISpace<MultimodalObservation>
{
    /// <summary>The modalities.</summary>
    public ObservationSpec Spec { get; } = spec;

    /// <inheritdoc/>
    public bool Contains(MultimodalObservation value) => Violation(value) is null;

    /// <summary>Why <paramref name="value"/> is not in the space, or null when it is.</summary>
    public string? Violation(MultimodalObservation value)
    {
        if (!Spec.Equals(value.Spec)) return "the observation's spec differs from the space's";
        if ((value.Mask.Bits & ~PresenceMask.All(Spec.Count).Bits) != 0) return $"mask {value.Mask} names modalities that do not exist";
        for (int m = 0; m < Spec.Count; m++)
        {
            var spec = Spec.Modalities[m];
            bool present = value.Mask.Has(m);
            for (int i = 0; i < spec.Length; i++)
            {
                double x = value.Get(m, i);
                if (!present && x != 0) return $"modality '{spec.Name}' is marked missing but element {i} is {x}, not 0";
                if (present && !(x >= spec.Low && x <= spec.High)) return $"modality '{spec.Name}' element {i} = {x} lies outside [{spec.Low}, {spec.High}]";
            }
        }
        return null;
    }

    /// <inheritdoc/>
    public MultimodalObservation Sample(Random rng)
    {
        var obs = new MultimodalObservation(Spec);
        for (int m = 0; m < Spec.Count; m++)
        {
            var spec = Spec.Modalities[m];
            if (spec.ElementType == ElementType.UInt8)
                foreach (ref byte b in obs.Bytes(m)) b = (byte)(spec.Low + rng.Next((int)(spec.High - spec.Low) + 1));
            else
                foreach (ref float f in obs.Floats(m)) f = (float)(spec.Low + rng.NextDouble() * (spec.High - spec.Low));
        }
        return obs;
    }
}
