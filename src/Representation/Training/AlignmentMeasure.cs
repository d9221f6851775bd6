namespace GmcRL.Representation.Training;

/// <summary>
/// The alignment metrics of <see cref="ModalityAlignment"/>, from latents already computed (plain arrays, row-major,
/// rows L2-normalised so dot products are cosines).
/// </summary>
public static class AlignmentMeasure
{
    /// <summary>Measures modality <paramref name="name"/>: <paramref name="single"/> z(m) against <paramref name="complete"/>
    /// z(1:M), both [count, latent]. Retrieval and angle error use the first <paramref name="retrieval"/> samples;
    /// <paramref name="angles"/> (theta per sample) may be null. Random pairs are drawn with <paramref name="seed"/>.</summary>
    public static ModalityAlignment Measure(string name, ReadOnlySpan<float> single, ReadOnlySpan<float> complete, int latent,
        int retrieval, ReadOnlySpan<double> angles, int seed)
    {
        int count = single.Length / latent;
        if (count < 2 || complete.Length != single.Length) throw new ArgumentException("Alignment needs at least 2 samples of matching latents.");
        double positive = 0, random = 0;
        var rng = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            positive += Dot(single, i, complete, i, latent);
            int j = rng.Next(count - 1);
            if (j >= i) j++;
            random += Dot(single, i, complete, j, latent);
        }

        int r = Math.Min(retrieval, count);
        int top1 = 0, top5 = 0;
        var errors = angles.IsEmpty ? null : new double[r];
        for (int i = 0; i < r; i++)
        {
            double own = Dot(single, i, complete, i, latent);
            int better = 0, nearest = i;
            double best = own;
            for (int j = 0; j < r; j++)
            {
                if (j == i) continue;
                double s = Dot(single, i, complete, j, latent);
                if (s > own) better++;
                if (s > best) { best = s; nearest = j; }
            }
            if (better == 0) top1++;
            if (better < 5) top5++;
            if (errors is not null) errors[i] = Math.Abs(Wrap(angles[i] - angles[nearest]));
        }
        double? median = null;
        if (errors is not null)
        {
            Array.Sort(errors);
            median = r % 2 == 1 ? errors[r / 2] : (errors[r / 2 - 1] + errors[r / 2]) / 2;
        }
        return new ModalityAlignment(name, positive / count, random / count, top1 / (double)r, top5 / (double)r, median);
    }

    private static double Dot(ReadOnlySpan<float> a, int i, ReadOnlySpan<float> b, int j, int latent)
    {
        double s = 0;
        for (int k = 0; k < latent; k++) s += a[i * latent + k] * b[j * latent + k];
        return s;
    }

    // The angle's representative in [-pi, pi).
    private static double Wrap(double x) => x - 2 * Math.PI * Math.Floor((x + Math.PI) / (2 * Math.PI));
}
