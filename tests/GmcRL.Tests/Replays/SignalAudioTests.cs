using System.Buffers.Binary;
using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Wrappers;
using GmcRL.Replays;
using GmcRL.Replays.Rendering;
using HyperhotEnv = GmcRL.Envs.Hyperhot.Hyperhot;

namespace GmcRL.Tests.Replays;

/// <summary>A replay of Hyperhot plays its four microphones: each step's recorded samples, in time with the picture.</summary>
public class SignalAudioTests
{
    private const int Channels = 4, PerStep = 1047, Rate = 31_410; // 1,047 samples a step at 30 steps a second

    // A Hyperhot game as the evaluator records it (2-frame stack, per-step dropout 0.3), random actions.
    internal static Replay Record(int steps = 60, int seed = 5)
    {
        var game = new HyperhotEnv(seed: seed);
        IEnvironment<MultimodalObservation, int> env = new FrameStack<int>(game, 2);
        env = new ModalityDropout<int>(env, new DropSchedule.PerStep(0.3), seed);
        env = new TimeLimit<MultimodalObservation, int>(env, steps);
        var recorder = new ReplayRecorder();
        recorder.Begin(new ReplayHeader
        {
            Environment = "hyperhot-v1", Agent = "random", Condition = "per_step_p0.3", Seed = seed, Dt = 1.0 / 30,
            FramesPerObservation = 2, Modalities = game.Spec.Modalities, StateNames = game.StateNames, ActionSize = 1,
        });
        var rng = new Random(seed);
        var reset = env.Reset(seed);
        var obs = reset.Observation;
        double[] state = reset.Info.State.ToArray();
        while (true)
        {
            int action = rng.Next(6);
            recorder.Record(obs, state, [action]);
            var r = env.Step(action);
            recorder.Rewarded(r.Reward);
            obs = r.Observation;
            state = r.Info.State.ToArray();
            if (r.Done) break;
        }
        return recorder.Finish();
    }

    [Fact]
    public void The_wav_holds_the_games_own_16_bit_samples_four_channels_and_silence_where_the_sound_was_dropped()
    {
        var replay = Record();
        Assert.Equal(1, SignalAudio.ModalityOf(replay.Header));
        Assert.Equal((Channels, PerStep, Rate), SignalAudio.Format(replay.Header));
        short[] samples = SignalAudio.Synthesize(replay);
        Assert.Equal(replay.Count * PerStep * Channels, samples.Length);
        int heard = 0, dropped = 0;
        for (int t = 0; t < replay.Count; t++)
        {
            bool present = replay.Mask(t).Has(1);
            var frame = replay.Floats(t, 1);
            for (int c = 0; c < Channels; c++)
                for (int i = 0; i < PerStep; i++)
                {
                    short sample = samples[(t * PerStep + i) * Channels + c];
                    if (!present) { Assert.Equal(0, sample); continue; }
                    // The game's observation is (s + 32767) / 65534 of its 16-bit sample s.
                    double s = frame[c * PerStep + i] * 65534.0 - 32767;
                    Assert.True(Math.Abs(s - Math.Round(s)) < 0.02, $"step {t}, channel {c}, sample {i}: {s} is not a 16-bit sample");
                    Assert.Equal((short)Math.Round(s), sample);
                }
            if (present) heard++; else dropped++;
        }
        Assert.True(heard > 10 && dropped > 5, $"{heard} steps heard, {dropped} dropped");
        Assert.Contains(samples, s => Math.Abs((int)s) > 1000); // the enemies are heard, not only silence

        byte[] wav = SignalAudio.Wav(replay);
        Assert.Equal(0xFFFE, BinaryPrimitives.ReadUInt16LittleEndian(wav.AsSpan(20)));   // WAVE_FORMAT_EXTENSIBLE
        Assert.Equal(Channels, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22)));
        Assert.Equal(Rate, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24)));
        Assert.Equal(Rate * 2 * Channels, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(28)));
        Assert.Equal(2 * Channels, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(32)));
        Assert.Equal(0x33, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(40)));        // front left, right, back left, right
        Assert.Equal("data", System.Text.Encoding.ASCII.GetString(wav, 60, 4));
        Assert.Equal(samples.Length * 2, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(64)));
        Assert.Equal(wav.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(4)));
        for (int k = 0; k < samples.Length; k += 997) Assert.Equal(samples[k], BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(68 + 2 * k)));
        Assert.Equal(wav, SignalAudio.Wav(Record()));
    }

    [Fact]
    public void Audio_longer_than_the_limit_is_refused_with_its_length_and_the_limit()
    {
        var replay = Record(steps: 3);
        long length = replay.Count * PerStep * Channels;
        Assert.Equal(length, SignalAudio.Synthesize(replay, length).Length);
        var e = Assert.Throws<InvalidOperationException>(() => SignalAudio.Synthesize(replay, length - 1));
        Assert.Contains($"{length:N0} samples ({replay.Count} steps of {Channels} x {PerStep})", e.Message);
        Assert.Contains($"stops at {length - 1:N0}", e.Message);
    }

    [Fact]
    public void Voices_or_a_signal_too_short_for_audio_give_no_signal_audio()
    {
        var pendulum = Episodes.Record(5).Replay;
        Assert.Equal(-1, SignalAudio.ModalityOf(pendulum.Header));
        Assert.Throws<InvalidOperationException>(() => SignalAudio.Synthesize(pendulum));
        // The same game recorded with voices plays the voices; a step of 10 s makes 1,047 samples a rate of 105 Hz.
        var hyperhot = Record(steps: 3).Header;
        Assert.Equal(-1, SignalAudio.ModalityOf(hyperhot with { Voices = Episodes.Voices(new MultimodalPendulum()) with { Modality = "sound" } }));
        Assert.Null(SignalAudio.Format(hyperhot with { Dt = 10 }));
    }

    [Fact]
    public void Render_writes_the_signal_as_the_wav_draws_each_channel_and_the_page_plays_it()
    {
        var replay = Record();
        using var temp = new TestFolder("gmcrl-signal-render");
        var result = ReplayRenderer.Render(replay, temp.Path, "hh", new RenderOptions { Mp4 = false });
        Assert.Equal(SignalAudio.Wav(replay), File.ReadAllBytes(result.Wav!));
        string html = File.ReadAllText(result.Html);
        Assert.Contains("src=\"data:audio/wav;base64,", html);
        Assert.Contains("SOUND: LEVEL PER CHANNEL", html);

        // The picture's sound panel: traces in the channels' colours where the sound was heard, struck through where not.
        var gif = GifDecoder.Decode(File.ReadAllBytes(result.Gif));
        int heard = Enumerable.Range(0, replay.Count).First(t => replay.Mask(t).Has(1));
        int dropped = Enumerable.Range(0, replay.Count).First(t => !replay.Mask(t).Has(1));
        static int Count(byte[] frame, byte colour) => Enumerable.Range(28, 180).Sum(y => Enumerable.Range(204, 188).Count(x => frame[y * ReplayPicture.Width + x] == colour));
        Assert.All(new byte[] { 5, 6, 7 }, colour => Assert.True(Count(gif.Frames[heard], colour) > 150, $"colour {colour} at step {heard}"));
        Assert.Equal(0, Count(gif.Frames[dropped], 5));
        Assert.True(Count(gif.Frames[dropped], ReplayPicture.Strike) > 300);
    }
}
