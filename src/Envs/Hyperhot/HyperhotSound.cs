namespace GmcRL.Envs.Hyperhot;

/// <summary>
/// Hyperhot's sound modality (HYPERHOT-SPEC §3): what one microphone hears in a step. Each source is a square wave of
/// period round(44100 / f) samples, +A for the first half of each period (sample phase p with p &lt; P / 2) and -A
/// for the rest, A = exp(-0.025 d) at distance d from the receiver. The waves are summed over 1,047 samples; a sum that
/// leaves [-1, 1] is rescaled linearly (both ends out: onto [-1, 1]; only the top: onto [min, 1]; only the bottom: onto
/// [-1, max]), multiplied by 32,767 and truncated to 16 bits, and observed as (s + 32767) / 65534 in [0, 1].
/// Rendering a source for a receiver advances its phase by 1,047 samples modulo its period, so the receivers of one
/// step hear different phases, as in the reference.
/// </summary>
/// <remarks>
/// The plain formula is, for every sample j, v_j = sum_k (((phase_k + j) mod P_k) &lt; P_k / 2 ? A_k : -A_k), summed in
/// source order from 0. A square wave is constant between its sign changes, so the sum is computed once per run of
/// samples in which no source changes sign (about 150 runs per receiver instead of 1,047 samples), in the same order
/// and so to the same doubles.
/// </remarks>
internal sealed class HyperhotSound
{
    /// <summary>Samples per second of the reference's waves.</summary>
    public const int SampleRate = 44100;

    /// <summary>Samples per receiver and step.</summary>
    public const int Samples = 1047;

    /// <summary>The values a sample takes: (s + 32767) / 65534 for the 65,535 16-bit s from -32,767 to 32,767.</summary>
    public const int Levels = 65_535;

    /// <summary>Amplitude decay per pixel: A = exp(-Decay d).</summary>
    public const double Decay = 0.025;

    /// <summary>The notes (Hz): the player's bullet (la#), enemies 0 and 1 (do), enemies 2 and 3 (mi), enemy bullets (sol).</summary>
    public const double PlayerBulletNote = 466.16, LowEnemyNote = 261.63, HighEnemyNote = 329.63, EnemyBulletNote = 392.00;

    private readonly int[] _position;
    private readonly double[] _amplitude;
    private readonly int[] _runLength;
    private readonly double[] _runValue;

    /// <summary>A renderer for up to <paramref name="maxVoices"/> sources at once.</summary>
    public HyperhotSound(int maxVoices)
    {
        _position = new int[maxVoices];
        _amplitude = new double[maxVoices];
        // Every run ends where some source changes sign, so there are at most Samples runs.
        _runLength = new int[Samples];
        _runValue = new double[Samples];
    }

    /// <summary>A sounding source: its centre, its period in samples, and its slot in the phase array.</summary>
    public readonly record struct Voice(int X, int Y, int Period, int Slot);

    /// <summary>The period in samples of a note of <paramref name="frequency"/> Hz, rounded half to even as Python's
    /// <c>round</c> does (392 Hz: 112.5 gives 112).</summary>
    public static int Period(double frequency) => (int)Math.Round(SampleRate / frequency, MidpointRounding.ToEven);

    /// <summary>Writes into <paramref name="output"/> (<see cref="Samples"/> values in [0, 1]) what a receiver at
    /// (<paramref name="x"/>, <paramref name="y"/>) hears of <paramref name="voices"/> (in the reference's source
    /// order), and advances each voice's phase in <paramref name="phases"/> by <see cref="Samples"/>.</summary>
    public void Render(ReadOnlySpan<Voice> voices, Span<int> phases, double x, double y, Span<float> output)
    {
        int runs = Mix(voices, phases, x, y, out double min, out double max);
        var (scale, offset) = Rescaling(min, max);
        int start = 0;
        for (int r = 0; r < runs; r++)
        {
            short s = Truncate(_runValue[r], scale, offset);
            output.Slice(start, _runLength[r]).Fill((float)((s + 32767.0) / 65534.0));
            start += _runLength[r];
        }
    }

    /// <summary>As <see cref="Render"/>, but writes the 16-bit samples themselves.</summary>
    public void RenderSamples(ReadOnlySpan<Voice> voices, Span<int> phases, double x, double y, Span<short> output)
    {
        int runs = Mix(voices, phases, x, y, out double min, out double max);
        var (scale, offset) = Rescaling(min, max);
        int start = 0;
        for (int r = 0; r < runs; r++)
        {
            output.Slice(start, _runLength[r]).Fill(Truncate(_runValue[r], scale, offset));
            start += _runLength[r];
        }
    }

    // Sums the waves run by run; returns the number of runs and the sum's extremes.
    private int Mix(ReadOnlySpan<Voice> voices, Span<int> phases, double x, double y, out double min, out double max)
    {
        for (int k = 0; k < voices.Length; k++)
        {
            double dx = voices[k].X - x, dy = voices[k].Y - y;
            _amplitude[k] = Math.Exp(-Decay * Math.Sqrt(dx * dx + dy * dy));
            _position[k] = phases[voices[k].Slot];
        }
        min = double.PositiveInfinity;
        max = double.NegativeInfinity;
        int runs = 0;
        for (int j = 0; j < Samples;)
        {
            double v = 0;
            int run = Samples - j;
            for (int k = 0; k < voices.Length; k++)
            {
                int period = voices[k].Period, half = (period + 1) / 2, p = _position[k];
                // Positive while 2p < period, i.e. p < ceil(period / 2).
                if (p < half)
                {
                    v += _amplitude[k];
                    run = Math.Min(run, half - p);
                }
                else
                {
                    v -= _amplitude[k];
                    run = Math.Min(run, period - p);
                }
            }
            for (int k = 0; k < voices.Length; k++)
            {
                int p = _position[k] + run;
                _position[k] = p >= voices[k].Period ? p - voices[k].Period : p;
            }
            _runLength[runs] = run;
            _runValue[runs++] = v;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            j += run;
        }
        foreach (var voice in voices) phases[voice.Slot] = (phases[voice.Slot] + Samples) % voice.Period;
        return runs;
    }

    // The reference's linear rescaling v -> scale * v + offset onto the range whose out-of-[-1, 1] ends are pulled
    // in; (1, 0) when the sum stays inside.
    internal static (double Scale, double Offset) Rescaling(double min, double max)
    {
        double newMin, newMax;
        if (max > 1 && min < -1) (newMin, newMax) = (-1, 1);
        else if (max > 1) (newMin, newMax) = (min, 1);
        else if (min < -1) (newMin, newMax) = (-1, max);
        else return (1, 0);
        double scale = (newMax - newMin) / (max - min);
        return (scale, newMin - scale * min);
    }

    // numpy's astype(int16) of v * 32767: truncation towards zero.
    internal static short Truncate(double v, double scale, double offset) => (short)((scale * v + offset) * 32767);
}
