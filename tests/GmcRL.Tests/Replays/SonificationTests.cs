using System.Buffers.Binary;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Wrappers;
using GmcRL.Replays;
using GmcRL.Replays.Rendering;

namespace GmcRL.Tests.Replays;

public class SonificationTests
{
    private const int Rate = Sonification.SampleRate;

    // A replay that holds one state for `steps` steps (sound present), recorded from the pendulum's own observation.
    private static Replay Held(double theta, double thetaDot, int steps)
    {
        var pendulum = new MultimodalPendulum();
        var recorder = new ReplayRecorder();
        recorder.Begin(Episodes.Header(pendulum, "all", "None", 0, latent: 0) with { FramesPerObservation = 1 });
        for (int t = 0; t < steps; t++)
        {
            recorder.Record(pendulum.SetState(theta, thetaDot), [theta, thetaDot], [0f], voices: Episodes.Tones(pendulum, [theta, thetaDot]));
            recorder.Rewarded(-1);
        }
        return recorder.Finish();
    }

    [Fact]
    public void The_spectrum_peaks_at_each_receivers_Doppler_frequency_with_its_amplitude()
    {
        // The tip at 9 o'clock moving down at 6 rad/s: the three receivers hear about 597, 530 and 346 Hz.
        var replay = Held(Math.PI / 2, 6, 10);
        short[] samples = Sonification.Synthesize(replay);
        Assert.Equal(8000, samples.Length);
        const int size = 16384;
        var mags = Spectrum.Magnitudes(samples.AsSpan(400, 7200), size);
        float[] raw = replay.Voices(5).ToArray();
        var peaks = new double[3];
        for (int i = 0; i < 3; i++)
        {
            double f = raw[2 * i];
            peaks[i] = Spectrum.Peak(mags, f - 20, f + 20, Rate, size);
            Assert.True(Math.Abs(peaks[i] - f) < 1.0, $"receiver {i}: peak at {peaks[i]:F2} Hz, recorded {f:F2} Hz");
        }
        // The tones are the three largest components of the whole spectrum, louder in the order of their amplitudes.
        double strongestElsewhere = 0;
        for (int k = 1; k < mags.Length; k++)
        {
            double hz = k * (double)Rate / size;
            if (Enumerable.Range(0, 3).All(i => Math.Abs(hz - raw[2 * i]) > 10)) strongestElsewhere = Math.Max(strongestElsewhere, mags[k]);
        }
        var heights = Enumerable.Range(0, 3).Select(i => Spectrum.At(mags, peaks[i], Rate, size)).ToArray();
        Assert.True(heights.Min() > 20 * strongestElsewhere, $"tones {string.Join(", ", heights)} vs elsewhere {strongestElsewhere}");
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                if (raw[2 * i + 1] > 1.2 * raw[2 * j + 1]) Assert.True(heights[i] > heights[j], $"receiver {i} should sound louder than {j}");
    }

    [Fact]
    public void A_real_episodes_audio_follows_the_recorded_frequencies_and_is_silent_while_the_sound_is_dropped()
    {
        var replay = Episodes.Record(300, new DropSchedule.PerStep(0.3), seed: 11, torque: t => t % 40 < 20 ? 2f : -2f).Replay;
        short[] samples = Sonification.Synthesize(replay);
        Assert.Equal(300 * 800, samples.Length);
        const int size = 8192;
        int checkedSteps = 0, silentSteps = 0;
        for (int t = 1; t < replay.Count; t++)
        {
            var window = samples.AsSpan(t * 800, 800);
            if (!Sonification.Audible(replay, t))
            {
                // After the 5 ms fade, nothing.
                Assert.Equal(-1, window[80..].IndexOfAnyExcept((short)0));
                silentSteps++;
                continue;
            }
            if (!Sonification.Audible(replay, t - 1)) continue;
            var raw = replay.Voices(t);
            double[] f = [raw[0], raw[2], raw[4]];
            // Only steps whose three tones lie far enough apart for an 800-sample window to tell them apart.
            if (Math.Abs(f[0] - f[1]) < 90 || Math.Abs(f[0] - f[2]) < 90 || Math.Abs(f[1] - f[2]) < 90) continue;
            var mags = Spectrum.Magnitudes(window, size);
            for (int i = 0; i < 3; i++)
            {
                double peak = Spectrum.Peak(mags, f[i] - 25, f[i] + 25, Rate, size);
                Assert.True(Math.Abs(peak - f[i]) < 6, $"step {t}, receiver {i}: peak at {peak:F1} Hz, recorded {f[i]:F1} Hz");
            }
            checkedSteps++;
        }
        Assert.True(checkedSteps >= 20, $"only {checkedSteps} steps had well separated tones");
        Assert.True(silentSteps >= 30, $"only {silentSteps} steps without sound");
    }

    [Fact]
    public void The_wav_file_is_16_bit_mono_pcm_at_16_kHz_and_the_same_each_time()
    {
        var replay = Held(0.3, 1, 4);
        byte[] wav = Sonification.Wav(replay);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal("WAVEfmt ", System.Text.Encoding.ASCII.GetString(wav, 8, 8));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(20)));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22)));
        Assert.Equal(Rate, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24)));
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(34)));
        Assert.Equal(4 * 800 * 2, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(40)));
        Assert.Equal(44 + 4 * 800 * 2, wav.Length);
        Assert.Equal(wav, Sonification.Wav(replay));
    }
}
