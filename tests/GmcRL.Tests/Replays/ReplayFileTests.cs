using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Wrappers;
using GmcRL.Replays;
using GmcRL.Storage;
using GmcRL.Tests.Storage;

namespace GmcRL.Tests.Replays;

public class ReplayFileTests
{
    [Fact]
    public void Records_a_real_pendulum_episode_with_dropout_as_the_agent_saw_it()
    {
        var e = Episodes.Record(80, new DropSchedule.PerStep(0.3));
        var replay = e.Replay;
        var pendulum = new MultimodalPendulum();
        Assert.Equal(80, replay.Count);
        int missing = 0;
        byte[] image = new byte[PendulumImage.Size * PendulumImage.Size];
        float[] raw = new float[6];
        for (int t = 0; t < replay.Count; t++)
        {
            var seen = e.Seen[t];
            Assert.Equal(seen.Mask, replay.Mask(t));
            Assert.Equal(e.States[t], replay.State(t).ToArray());
            // The newest frame is the second of the stack; a missing modality reads as the zeros the agent saw.
            Assert.True(seen.Bytes(MultimodalPendulum.Image)[3600..].SequenceEqual(replay.Bytes(t, MultimodalPendulum.Image)));
            Assert.True(seen.Floats(MultimodalPendulum.Sound)[6..].SequenceEqual(replay.Floats(t, MultimodalPendulum.Sound)));
            if (replay.Mask(t).Has(MultimodalPendulum.Image))
            {
                PendulumImage.Render(replay.State(t)[0], 1.0, image);
                Assert.True(image.AsSpan().SequenceEqual(replay.Bytes(t, MultimodalPendulum.Image)), $"image of step {t}");
            }
            else
            {
                missing++;
                Assert.Equal(-1, replay.Bytes(t, MultimodalPendulum.Image).IndexOfAnyExcept((byte)0));
            }
            // The raw sound is kept whether or not the agent heard it.
            pendulum.RawSound(replay.State(t)[0], replay.State(t)[1], raw);
            Assert.Equal(raw, replay.Voices(t).ToArray());
            Assert.Equal((float)(2 * Math.Sin(t * 0.3)), replay.Action(t)[0]);
            Assert.Equal((float)(t * 0.01 + 3), replay.Latent(t)[3]);
        }
        Assert.InRange(missing, 5, 50);
        Assert.Contains(Enumerable.Range(0, 80), t => !replay.Mask(t).Has(MultimodalPendulum.Sound));
    }

    [Fact]
    public void Replay_files_round_trip_exactly_and_store_binary_images_as_bits()
    {
        var replay = Episodes.Record(120, new DropSchedule.PerStep(0.3)).Replay;
        using var folder = new TestFolder("gmcrl-replay");
        string path = folder.File("a.replay");
        ReplayFile.Write(path, replay);

        var back = ReplayFile.Read(path);
        Assert.True(replay.ContentEquals(back));
        Assert.Equal(replay.Header, back.Header);
        Assert.Equal(replay.Return, back.Return);
        Assert.Equal(File.ReadAllBytes(path), ReplayFile.ToBytes(back));

        // Per present image 450 bytes (3600 bits); per step the state (16), mask (4), action (4), reward (8), latent (16),
        // voices (24) and a present sound frame (24): about 100 bytes a step besides the images, and a small header.
        int images = Enumerable.Range(0, replay.Count).Count(t => replay.Mask(t).Has(0));
        long bound = images * 450L + replay.Count * 100L + 1000;
        Assert.InRange(new FileInfo(path).Length, images * 450L, bound);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void A_replay_without_sound_or_latent_round_trips_too()
    {
        var pendulum = new MultimodalPendulum();
        var header = Episodes.Header(pendulum, "image_only", "Fixed(image)", 5, latent: 0) with { Voices = null, FramesPerObservation = 1 };
        var recorder = new ReplayRecorder();
        recorder.Begin(header);
        var obs = pendulum.Reset(5).Observation;
        for (int t = 0; t < 10; t++)
        {
            var state = pendulum.State.ToArray();
            recorder.Record(obs, state, [0.5f]);
            recorder.Rewarded(pendulum.Step([0.5f]).Reward);
        }
        var replay = recorder.Finish();
        var back = ReplayFile.FromBytes(ReplayFile.ToBytes(replay));
        Assert.True(replay.ContentEquals(back));
        Assert.Equal(0, back.VoiceCount);
        Assert.True(back.Voices(3).IsEmpty && back.Latent(3).IsEmpty);
    }

    [Fact]
    public void Frame_modalities_come_from_a_stacked_spec()
    {
        var pendulum = new MultimodalPendulum();
        var stacked = new FrameStack<float[]>(pendulum, 2).ObservationSpace;
        var spec = ((GmcRL.Envs.MultimodalSpace)stacked).Spec;
        Assert.Equal(pendulum.Spec.Modalities, ReplayHeader.FrameModalities(spec, 2));
        Assert.Contains("does not stack 3 frames", Assert.Throws<ArgumentException>(() => ReplayHeader.FrameModalities(spec, 3)).Message);
    }

    [Fact]
    public void Truncated_replays_fail_with_a_clear_message()
    {
        byte[] bytes = ReplayFile.ToBytes(Episodes.Record(30).Replay);
        foreach (int length in new[] { 0, 1, 4, 14, 15, 16, 20, 200, bytes.Length / 2, bytes.Length - 33, bytes.Length - 1 })
        {
            var error = Assert.Throws<ReplayFormatException>(() => ReplayFile.FromBytes(bytes.AsMemory(0, length), "x.replay"));
            Assert.Contains(length == 0 ? "is not a GmcRL replay file (it is empty)" : "is a truncated GmcRL replay file", error.Message);
            Assert.StartsWith("Replay 'x.replay': ", error.Message);
        }
    }

    [Fact]
    public void A_corrupted_replay_fails_its_checksum_and_is_left_as_it_was()
    {
        using var folder = new TestFolder("gmcrl-replay");
        string path = folder.File("c.replay");
        ReplayFile.Write(path, Episodes.Record(30).Replay);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<ReplayFormatException>(() => ReplayFile.Read(path));
        Assert.Contains("checksum", error.Message);
        Assert.Contains(path, error.Message);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void Other_files_versions_and_paths_fail_clearly()
    {
        byte[] bytes = ReplayFile.ToBytes(Episodes.Record(5).Replay);
        Assert.True(ReplayFile.Format.TryUnframe(bytes, out var body, out _));
        byte[] newer = new FramedFile(ReplayFile.Format.Magic, ReplayFile.FormatVersion + 1, "test").Frame(body.Span);
        Assert.Equal($"Replay 'new.replay': is a GmcRL replay file of format version {ReplayFile.FormatVersion + 1}, but this gmcrl reads version {ReplayFile.FormatVersion} (it was written by a newer gmcrl)",
            Assert.Throws<ReplayFormatException>(() => ReplayFile.FromBytes(newer, "new.replay")).Message);
        byte[] older = new FramedFile(ReplayFile.Format.Magic, ReplayFile.FormatVersion - 1, "test").Frame(body.Span);
        var old = Assert.Throws<ReplayFormatException>(() => ReplayFile.FromBytes(older, "old.replay")).Message;
        Assert.Contains($"format version {ReplayFile.FormatVersion - 1}, but this gmcrl reads version {ReplayFile.FormatVersion}; make it again", old);
        Assert.DoesNotContain("newer", old);
        Assert.Contains("is not a GmcRL replay file (it does not start with a GmcRL file frame)",
            Assert.Throws<ReplayFormatException>(() => ReplayFile.FromBytes("{\"json\": 1}"u8.ToArray())).Message);
        byte[] dataset = new FramedFile("gmcrl-dataset", 2, "GmcRL dataset").Frame(body.Span);
        Assert.Contains("is not a GmcRL replay file (its frame says 'gmcrl-dataset', expected 'gmcrl-replay')",
            Assert.Throws<ReplayFormatException>(() => ReplayFile.FromBytes(dataset)).Message);
        Assert.Contains("1 unexpected bytes after its frame", Assert.Throws<ReplayFormatException>(() => ReplayFile.FromBytes(bytes.Append((byte)0).ToArray())).Message);
        using var folder = new TestFolder("gmcrl-replay");
        Assert.Contains("does not exist", Assert.Throws<ReplayFormatException>(() => ReplayFile.Read(folder.File("none.replay"))).Message);
        Assert.Contains("is a folder", Assert.Throws<ReplayFormatException>(() => ReplayFile.Read(folder.Path)).Message);
    }

    [Fact]
    public void A_device_a_fifo_a_folder_or_a_file_over_the_cap_is_refused_by_name_without_reading_it()
    {
        using var folder = new TestFolder("gmcrl-replay");
        foreach (var (path, what) in NotFiles.Make(folder))
        {
            var e = NotFiles.Throws<ReplayFormatException>(path, () => ReplayFile.Read(path));
            Assert.Equal($"Replay '{path}': {what}, not a GmcRL replay file", e.Message);
        }

        // A sparse file: its size, not its contents, is over the cap.
        string big = folder.File("big.replay");
        using (var stream = File.Create(big)) stream.SetLength(ReplayFile.MaxFileBytes + 1);
        Assert.Equal($"Replay '{big}': is 1,073,741,825 bytes, more than the 1,073,741,824 that gmcrl reads of a GmcRL replay file",
            Assert.Throws<ReplayFormatException>(() => ReplayFile.Read(big)).Message);
    }

    [Fact]
    public void Bytes_after_the_body_or_after_the_frame_are_refused()
    {
        using var folder = new TestFolder("gmcrl-replay");
        string path = folder.File("a.replay");
        ReplayFile.Write(path, Episodes.Record(5).Replay);
        byte[] body = ReplayFile.Format.Read(path).ToArray();
        ReplayFile.Format.Write(path, body.Concat(new byte[3]).ToArray());
        Assert.Equal($"Replay '{path}': has 3 bytes after the replay's data", Assert.Throws<ReplayFormatException>(() => ReplayFile.Read(path)).Message);
        ReplayFile.Format.Write(path, body);
        File.AppendAllBytes(path, new byte[3]);
        Assert.Equal($"Replay '{path}': is a GmcRL replay file with 3 unexpected bytes after its frame", Assert.Throws<ReplayFormatException>(() => ReplayFile.Read(path)).Message);
    }

    [Fact]
    public void Counts_or_sizes_that_disagree_with_the_data_fail_clearly_naming_the_file()
    {
        using var folder = new TestFolder("gmcrl-replay");
        string path = folder.File("a.replay");
        ReplayFile.Write(path, Episodes.Record(5).Replay);
        byte[] body = ReplayFile.Format.Read(path).ToArray();
        string wrong = folder.File("wrong.replay");
        // [header, steps]; steps: [count, states, masks, actions, rewards, latents, voices, frames].
        (Action<object[]> Edit, string Problem)[] cases =
        [
            (r => ((object[])r[1])[0] = 6, "the states hold 80 bytes; the header and step count call for 96"),
            (r => ((object[])r[1])[0] = int.MaxValue, "the replay claims 2147483647 steps"),
            (r => ((object[])((object[])((object[])r[0])[9])[0])[1] = new object[] { 2, 1 << 30, 1 << 30 }, "modality 'image' has more than"),
            (r => ((object[])r[0])[11] = 7, "the actions hold 20 bytes; the header and step count call for 140"),
        ];
        foreach (var (edit, problem) in cases)
        {
            var replay = MessagePack.MessagePackSerializer.Deserialize<object[]>(body, FramedFile.Options);
            edit(replay);
            ReplayFile.Format.Write(wrong, MessagePack.MessagePackSerializer.Serialize(replay, FramedFile.Options));
            var e = Assert.Throws<ReplayFormatException>(() => ReplayFile.Read(wrong));
            Assert.StartsWith($"Replay '{wrong}': ", e.Message);
            Assert.Contains(problem, e.Message);
        }
    }

    [Fact]
    public void The_recorder_rejects_steps_that_do_not_fit_its_header()
    {
        var pendulum = new MultimodalPendulum();
        var recorder = new ReplayRecorder();
        var obs = pendulum.Reset(0).Observation;
        float[] tones = Episodes.Tones(pendulum, [0, 0]);
        Assert.Contains("Call Begin", Assert.Throws<InvalidOperationException>(() => recorder.Record(obs, [0, 0], [0f])).Message);
        recorder.Begin(Episodes.Header(pendulum, "all", "None", 0));
        // The header says 2 stacked frames; a single frame does not fit.
        Assert.Contains("spec", Assert.Throws<ArgumentException>(() => recorder.Record(obs, [0, 0], [0f], new float[4])).Message);
        var stacked = new FrameStack<float[]>(pendulum, 2).Reset(0).Observation;
        Assert.Contains("action has 2", Assert.Throws<ArgumentException>(() => recorder.Record(stacked, [0, 0], [0f, 1f], new float[4])).Message);
        Assert.Contains("latent has 0", Assert.Throws<ArgumentException>(() => recorder.Record(stacked, [0, 0], [0f])).Message);
        Assert.Contains("state must be finite", Assert.Throws<ArgumentException>(() => recorder.Record(stacked, [double.NaN, 0], [0f], new float[4], tones)).Message);
        Assert.Contains("before its reward", Assert.Throws<InvalidOperationException>(() => recorder.Rewarded(-1)).Message);
        Assert.Equal(0, recorder.Count);
        recorder.Record(stacked, [0, 0], [0f], new float[4], tones);
        Assert.Contains("no reward yet", Assert.Throws<InvalidOperationException>(() => recorder.Record(stacked, [0, 0], [0f], new float[4], tones)).Message);
        Assert.Contains("no reward yet", Assert.Throws<InvalidOperationException>(() => recorder.Finish()).Message);
        Assert.Contains("reward must be finite", Assert.Throws<ArgumentException>(() => recorder.Rewarded(double.NaN)).Message);
        recorder.Rewarded(-1);
        Assert.Equal(1, recorder.Finish().Count);
        Assert.Contains("FramesPerObservation", Assert.Throws<ArgumentException>(() =>
            recorder.Begin(Episodes.Header(pendulum, "all", "None", 0) with { FramesPerObservation = 0 })).Message);
    }

    [Fact]
    public void A_voices_span_that_does_not_fit_the_header_is_refused_clearly()
    {
        var pendulum = new MultimodalPendulum();
        var stacked = new FrameStack<float[]>(pendulum, 2).Reset(0).Observation;
        var recorder = new ReplayRecorder();
        recorder.Begin(Episodes.Header(pendulum, "all", "None", 0));
        var error = Assert.Throws<ArgumentException>(() => recorder.Record(stacked, [0, 0], [0f], new float[4], new float[4]));
        Assert.Equal("voices", error.ParamName);
        Assert.Contains("The voices have 4 values; the header's 3 voices call for 6 (frequency in Hz and amplitude per voice)", error.Message);
        Assert.Contains("voices have 0 values", Assert.Throws<ArgumentException>(() => recorder.Record(stacked, [0, 0], [0f], new float[4])).Message);
        float[] tones = Episodes.Tones(pendulum, [0, 0]);
        tones[3] = float.NaN;
        Assert.Contains("Voice 'right_bottom' has frequency 440 Hz and amplitude NaN",
            Assert.Throws<ArgumentException>(() => recorder.Record(stacked, [0, 0], [0f], new float[4], tones)).Message);
        tones[3] = 0.1f;
        tones[0] = 0;
        Assert.Contains("Voice 'left_bottom' has frequency 0 Hz",
            Assert.Throws<ArgumentException>(() => recorder.Record(stacked, [0, 0], [0f], new float[4], tones)).Message);
        Assert.Equal(0, recorder.Count);

        recorder.Begin(Episodes.Header(pendulum, "all", "None", 0) with { Voices = null });
        Assert.Contains("the header's 0 voices call for 0",
            Assert.Throws<ArgumentException>(() => recorder.Record(stacked, [0, 0], [0f], new float[4], Episodes.Tones(pendulum, [0, 0]))).Message);
    }

    [Fact]
    public void A_header_whose_voices_follow_a_modality_it_does_not_have_is_refused()
    {
        var pendulum = new MultimodalPendulum();
        var header = Episodes.Header(pendulum, "all", "None", 0);
        var error = Assert.Throws<ArgumentException>(() => new ReplayRecorder().Begin(header with { Voices = header.Voices! with { Modality = "noise" } }));
        Assert.Contains("Replay header: Voices: they follow modality 'noise', which is not one of the modalities (image, sound)", error.Message);
    }

    [Fact]
    public void Voices_that_cannot_be_sounded_are_refused_by_name()
    {
        var voices = Episodes.Voices(new MultimodalPendulum());
        Assert.Null(voices.Problem());
        Assert.Equal("0 voices; 1 to 16 are supported", (voices with { Names = [] }).Problem());
        Assert.Equal("17 voices; 1 to 16 are supported", (voices with { Names = Enumerable.Range(0, 17).Select(i => $"v{i}").ToArray() }).Problem());
        Assert.Equal("the base frequency 0 Hz is not in (0, 20000]", (voices with { BaseFrequency = 0 }).Problem());
        Assert.Equal("the base frequency 20001 Hz is not in (0, 20000]", (voices with { BaseFrequency = 20_001 }).Problem());
        Assert.Equal("the loudest amplitude NaN is not a finite positive number", (voices with { LoudestAmplitude = double.NaN }).Problem());
        Assert.Equal("the loudest sum -1 is not a finite positive number", (voices with { LoudestSum = -1 }).Problem());
        Assert.Equal("the voices name no modality to follow", (voices with { Modality = " " }).Problem());
    }

    [Fact]
    public void Modality_kinds_survive_the_file_and_a_stacked_spec()
    {
        var replay = Episodes.Record(3).Replay;
        var back = ReplayFile.FromBytes(ReplayFile.ToBytes(replay));
        Assert.Equal([ModalityKind.Image, ModalityKind.Vector], back.Header.Modalities.Select(m => m.Kind));
        var signal = new ModalitySpec("microphone", [2, 32], ElementType.Float32, -1, 1, ModalityKind.Signal);
        Assert.Equal(ModalityKind.Signal, ReplayHeader.FrameModalities(new ObservationSpec([signal]).Stacked(3), 3)[0].Kind);
    }
}
