using System.Buffers.Binary;

namespace GmcRL.Replays.Rendering;

/// <summary>
/// Turns a replay's <see cref="ReplayHeader.Voices"/> into audio: each voice a sine tone at its recorded frequency with
/// its recorded amplitude (for the multimodal pendulum, each receiver's Doppler frequency and 1/d^2), mixed, for Dt
/// seconds of episode time per step; silent while the modality the voices follow (<see cref="ReplayVoices.Modality"/>)
/// was missing. A replay without voices has nothing to sonify.
/// </summary>
/// <remarks>
/// Sample n of voice i is a_i(n) sin(phi_i(n)) with phi_i(n) = phi_i(n-1) + 2 pi f_i(t) / rate: the phase runs on
/// across steps, so frequency changes do not click. An amplitude change (a new step, or the modality dropping or
/// returning) is a linear ramp over the first 5 ms of the step. The mix is divided by
/// <see cref="ReplayVoices.LoudestSum"/>, the loudest sum the environment can give, so it never clips and the same
/// sound is equally loud in every replay.
/// </remarks>
public static class Sonification
{
    /// <summary>Samples per second (16 kHz: the pendulum's tones stay below 1 kHz).</summary>
    public const int SampleRate = 16_000;

    /// <summary>The longest episode sonified, in seconds of episode time (3 hours).</summary>
    public const int MaxSeconds = 3 * 3600;

    private const double RampSeconds = 0.005, Headroom = 0.9;

    /// <summary>The first sample of step <paramref name="step"/>: round(step * Dt * rate).</summary>
    public static long FirstSample(Replay replay, int step) => (long)Math.Round(step * replay.Header.Dt * SampleRate);

    /// <summary>Whether the agent had the modality the voices follow at <paramref name="step"/> (false for a replay
    /// without voices: there is nothing to hear).</summary>
    public static bool Audible(Replay replay, int step)
    {
        int modality = replay.Header.VoicesModality;
        return modality >= 0 && replay.Mask(step).Has(modality);
    }

    /// <summary>The mono 16-bit samples of the whole episode. Throws <see cref="InvalidOperationException"/> for a replay
    /// without voices.</summary>
    public static short[] Synthesize(Replay replay)
    {
        var voices = replay.Header.Voices ?? throw new InvalidOperationException("This replay has no voices, so it has nothing to sonify.");
        int voiceCount = voices.Count;
        long length = FirstSample(replay, replay.Count);
        if (length > MaxSeconds * SampleRate)
            throw new InvalidOperationException($"The episode lasts {replay.Count * replay.Header.Dt:F0} s; sonification stops at {MaxSeconds} s.");
        var samples = new short[length];
        var phase = new double[voiceCount];
        var amplitude = new double[voiceCount];
        var target = new double[voiceCount];
        var increment = new double[voiceCount];
        double gain = Headroom / voices.LoudestSum;
        int ramp = (int)(RampSeconds * SampleRate);
        for (int t = 0; t < replay.Count; t++)
        {
            bool audible = Audible(replay, t);
            ReadOnlySpan<float> tones = replay.Voices(t);
            for (int i = 0; i < voiceCount; i++)
            {
                target[i] = audible ? tones[2 * i + 1] : 0;
                increment[i] = 2 * Math.PI * tones[2 * i] / SampleRate;
            }
            long start = FirstSample(replay, t), end = FirstSample(replay, t + 1);
            for (long n = start; n < end; n++)
            {
                double k = Math.Min(1.0, (n - start + 1) / (double)ramp);
                double mix = 0;
                for (int i = 0; i < voiceCount; i++)
                {
                    phase[i] = (phase[i] + increment[i]) % (2 * Math.PI);
                    mix += (amplitude[i] + k * (target[i] - amplitude[i])) * Math.Sin(phase[i]);
                }
                samples[n] = (short)Math.Round(Math.Clamp(mix * gain, -1, 1) * short.MaxValue);
            }
            target.CopyTo(amplitude, 0);
        }
        return samples;
    }

    /// <summary>The most channels <see cref="Wav(ReadOnlySpan{short}, int, int)"/> writes (its speaker layouts name up to four).</summary>
    internal const int MaxWavChannels = 8;

    /// <summary>A WAV file (RIFF, PCM, 16-bit mono) of the episode's voices; throws like <see cref="Synthesize"/>.</summary>
    public static byte[] Wav(Replay replay) => Wav(Synthesize(replay), SampleRate);

    /// <summary>A WAV file (RIFF, 16-bit PCM) of <paramref name="samples"/>, interleaved when there are several
    /// <paramref name="channels"/>: plain PCM for one or two, WAVE_FORMAT_EXTENSIBLE with the speakers named for more (three:
    /// front left, right, centre; four: front left, right, back left, right; more: unnamed), as players expect.</summary>
    public static byte[] Wav(ReadOnlySpan<short> samples, int sampleRate, int channels = 1)
    {
        if (channels is < 1 or > MaxWavChannels) throw new ArgumentOutOfRangeException(nameof(channels), channels, $"A WAV file here has 1 to {MaxWavChannels} channels.");
        if (samples.Length % channels != 0) throw new ArgumentException($"{samples.Length} samples do not fill whole frames of {channels} channels.", nameof(samples));
        bool extensible = channels > 2;
        int format = extensible ? 40 : 16, header = 20 + format + 8;
        long data = 2L * samples.Length;
        if (header + data > int.MaxValue) throw new ArgumentException($"{samples.Length:N0} samples are too many for one WAV file.", nameof(samples));
        var bytes = new byte[header + data];
        var s = bytes.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteInt32LittleEndian(s[4..], bytes.Length - 8);
        "WAVEfmt "u8.CopyTo(s[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[16..], format);      // fmt chunk size
        BinaryPrimitives.WriteUInt16LittleEndian(s[20..], extensible ? (ushort)0xFFFE : (ushort)1); // PCM or extensible
        BinaryPrimitives.WriteInt16LittleEndian(s[22..], (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(s[28..], sampleRate * 2 * channels); // bytes per second
        BinaryPrimitives.WriteInt16LittleEndian(s[32..], (short)(2 * channels));     // bytes per frame
        BinaryPrimitives.WriteInt16LittleEndian(s[34..], 16);          // bits per sample
        if (extensible)
        {
            BinaryPrimitives.WriteInt16LittleEndian(s[36..], 22);      // extension size
            BinaryPrimitives.WriteInt16LittleEndian(s[38..], 16);      // valid bits per sample
            BinaryPrimitives.WriteInt32LittleEndian(s[40..], channels switch { 3 => 0x7, 4 => 0x33, _ => 0 }); // speakers
            // KSDATAFORMAT_SUBTYPE_PCM: 00000001-0000-0010-8000-00aa00389b71.
            ReadOnlySpan<byte> pcm = [0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
            pcm.CopyTo(s[44..]);
        }
        int at = 20 + format;
        "data"u8.CopyTo(s[at..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[(at + 4)..], (int)data);
        for (int i = 0; i < samples.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(s[(header + 2 * i)..], samples[i]);
        return bytes;
    }
}
