using GmcRL.Envs;
using AudioFormat = (int Channels, int SamplesPerStep, int SampleRate);

namespace GmcRL.Replays.Rendering;

/// <summary>
/// Plays a replay's recorded signal modality as audio (Hyperhot's four microphones): for a replay without voices
/// (<see cref="Sonification"/>), the first <see cref="ModalityKind.Signal"/> modality whose frame is [channels, samples]
/// or [samples] becomes the sound, each step's frame that step's stretch of it, one WAV channel per signal channel. The
/// audio keeps the replay's time: N samples per step of Dt seconds play at N / Dt samples per second. Values map
/// linearly from the modality's [Low, High] to [-1, 1] and on to 16-bit samples; a step without the modality is silent.
/// </summary>
/// <remarks>Hyperhot renders 1,047 samples a step at 30 steps a second, where its reference game rendered them at
/// 44.1 kHz: they play at 31,410 Hz, every sample the agent heard in time with the picture, at 0.71 of the game's pitch.
/// Its (s + 32767) / 65534 maps back to the game's own 16-bit sample s.</remarks>
public static class SignalAudio
{
    /// <summary>The most channels a signal may have to be played: the most a WAV file here holds.</summary>
    public const int MaxChannels = Sonification.MaxWavChannels;

    /// <summary>The lowest and highest sample rates played: a signal of fewer samples per step is not audio.</summary>
    public const int MinSampleRate = 4_000, MaxSampleRate = 192_000;

    /// <summary>The most samples (over all channels) an episode's audio may have: an hour of four channels at 48 kHz.</summary>
    public const long MaxSamples = 4L * 48_000 * 3600;

    /// <summary>The index of the modality <paramref name="header"/>'s audio comes from, or -1: none when the replay
    /// has voices (they are its sound) or no signal modality of at most <see cref="MaxChannels"/> channels whose
    /// samples per step make a rate in [<see cref="MinSampleRate"/>, <see cref="MaxSampleRate"/>].</summary>
    public static int ModalityOf(ReplayHeader header) => Source(header)?.Modality ?? -1;

    /// <summary>The channels, samples per step and sample rate of <paramref name="header"/>'s audio; null without one
    /// (<see cref="ModalityOf"/>).</summary>
    public static AudioFormat? Format(ReplayHeader header) => Source(header)?.Format;

    // The modality the audio comes from and how it plays; null without one.
    private static (int Modality, AudioFormat Format)? Source(ReplayHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (header.Voices is not null) return null;
        for (int m = 0; m < header.Modalities.Count; m++)
            if (Format(header.Modalities[m], header.Dt) is { } format) return (m, format);
        return null;
    }

    /// <summary>The channels, samples per step and sample rate at which a modality with one frame of
    /// <paramref name="spec"/> per step of <paramref name="stepSeconds"/> plays, or null when it is not audio: a float
    /// <see cref="ModalityKind.Signal"/> of [channels, samples] or [samples] with at most <see cref="MaxChannels"/>
    /// channels and a rate in [<see cref="MinSampleRate"/>, <see cref="MaxSampleRate"/>].</summary>
    public static AudioFormat? Format(ModalitySpec spec, double stepSeconds)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!(stepSeconds > 0)) return null;
        if (spec.Kind != ModalityKind.Signal || spec.ElementType != ElementType.Float32 || !(spec.High > spec.Low)) return null;
        var (channels, samples) = spec.Shape.Count switch
        {
            1 => (1, spec.Shape[0]),
            2 => (spec.Shape[0], spec.Shape[1]),
            _ => (0, 0),
        };
        if (channels is < 1 or > MaxChannels) return null;
        double rate = Math.Round(samples / stepSeconds);
        return rate is >= MinSampleRate and <= MaxSampleRate ? (channels, samples, (int)rate) : null;
    }

    /// <summary>The interleaved 16-bit samples of the whole episode (frame n holds channel c at n * channels + c).
    /// Throws <see cref="InvalidOperationException"/> for a replay without a signal to play or one too long
    /// (<see cref="MaxSamples"/>).</summary>
    public static short[] Synthesize(Replay replay) => Synthesize(replay, MaxSamples);

    /// <summary><see cref="Synthesize(Replay)"/> stopping at <paramref name="maxSamples"/> instead (the tests' short limit).</summary>
    internal static short[] Synthesize(Replay replay, long maxSamples) => Samples(replay, Playable(replay), maxSamples);

    private static (int Modality, AudioFormat Format) Playable(Replay replay)
    {
        ArgumentNullException.ThrowIfNull(replay);
        return Source(replay.Header) ?? throw new InvalidOperationException("This replay has no signal modality to play (or has voices, which are its sound).");
    }

    private static short[] Samples(Replay replay, (int Modality, AudioFormat Format) source, long maxSamples = MaxSamples)
    {
        var (m, (channels, perStep, _)) = source;
        long length = (long)replay.Count * perStep * channels;
        if (length > maxSamples)
            throw new InvalidOperationException($"The episode's audio would hold {length:N0} samples ({replay.Count} steps of {channels} x {perStep}); playing stops at {maxSamples:N0}.");
        var spec = replay.Header.Modalities[m];
        double low = spec.Low, scale = 2 / (spec.High - spec.Low);
        var samples = new short[length];
        for (int t = 0; t < replay.Count; t++)
        {
            if (!replay.Mask(t).Has(m)) continue;
            var frame = replay.Floats(t, m);
            long first = (long)t * perStep * channels;
            for (int c = 0; c < channels; c++)
            {
                var channel = frame.Slice(c * perStep, perStep);
                for (int i = 0; i < perStep; i++)
                {
                    double x = Math.Clamp((channel[i] - low) * scale - 1, -1, 1);
                    samples[first + (long)i * channels + c] = (short)Math.Round(x * short.MaxValue);
                }
            }
        }
        return samples;
    }

    /// <summary>A WAV file (16-bit PCM, one channel per signal channel) of the episode's signal; throws like
    /// <see cref="Synthesize(Replay)"/>.</summary>
    public static byte[] Wav(Replay replay)
    {
        var source = Playable(replay);
        return Sonification.Wav(Samples(replay, source), source.Format.SampleRate, source.Format.Channels);
    }
}
