namespace GmcRL.Tests.Replays;

/// <summary>Magnitude spectra for checking synthesised audio: a Hann window, zero padding, and a radix-2 FFT.</summary>
internal static class Spectrum
{
    /// <summary>|X(k)| for k = 0 .. size/2 of the Hann-windowed <paramref name="samples"/> zero-padded to
    /// <paramref name="size"/> (a power of two). Bin k is k * rate / size Hz.</summary>
    public static double[] Magnitudes(ReadOnlySpan<short> samples, int size)
    {
        var re = new double[size];
        var im = new double[size];
        int n = samples.Length;
        for (int i = 0; i < n; i++) re[i] = samples[i] * (0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (n - 1)));
        Fft(re, im);
        var mags = new double[size / 2 + 1];
        for (int k = 0; k < mags.Length; k++) mags[k] = Math.Sqrt(re[k] * re[k] + im[k] * im[k]);
        return mags;
    }

    /// <summary>The frequency (Hz) of the largest magnitude between <paramref name="lowHz"/> and <paramref name="highHz"/>,
    /// refined by a parabola through the peak bin and its neighbours.</summary>
    public static double Peak(double[] mags, double lowHz, double highHz, int rate, int size)
    {
        double binHz = rate / (double)size;
        int lo = Math.Max(1, (int)Math.Ceiling(lowHz / binHz)), hi = Math.Min(mags.Length - 2, (int)Math.Floor(highHz / binHz));
        int best = lo;
        for (int k = lo; k <= hi; k++) if (mags[k] > mags[best]) best = k;
        double a = mags[best - 1], b = mags[best], c = mags[best + 1];
        double offset = (a - 2 * b + c) == 0 ? 0 : 0.5 * (a - c) / (a - 2 * b + c);
        return (best + offset) * binHz;
    }

    /// <summary>The magnitude at <paramref name="hz"/> (nearest bin).</summary>
    public static double At(double[] mags, double hz, int rate, int size) => mags[(int)Math.Round(hz * size / rate)];

    // In-place iterative Cooley-Tukey: X(k) = sum_n x(n) e^{-2 pi i k n / N}.
    private static void Fft(double[] re, double[] im)
    {
        int n = re.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) { (re[i], re[j]) = (re[j], re[i]); (im[i], im[j]) = (im[j], im[i]); }
        }
        for (int length = 2; length <= n; length <<= 1)
        {
            double angle = -2 * Math.PI / length;
            for (int start = 0; start < n; start += length)
            {
                for (int k = 0; k < length / 2; k++)
                {
                    double wr = Math.Cos(angle * k), wi = Math.Sin(angle * k);
                    int a = start + k, b = a + length / 2;
                    double xr = re[b] * wr - im[b] * wi, xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr; im[b] = im[a] - xi;
                    re[a] += xr; im[a] += xi;
                }
            }
        }
    }
}
