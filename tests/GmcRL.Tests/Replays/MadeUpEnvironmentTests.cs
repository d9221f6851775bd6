using GmcRL.Cli.Commands;
using GmcRL.Envs;
using GmcRL.Replays;
using GmcRL.Replays.Rendering;

namespace GmcRL.Tests.Replays;

/// <summary>Replays of an environment that is not the pendulum: a 16x16 grey camera, a joint vector and a microphone
/// signal, no voices. Nothing in the replay layer may assume the pendulum's modalities, state or sound.</summary>
public class MadeUpEnvironmentTests
{
    private const int Steps = 12, Side = 16;

    private static readonly ModalitySpec[] Modalities =
    [
        new("joints", [4], ElementType.Float32, -1, 1),
        new("camera", [Side, Side], ElementType.UInt8, 0, 255),
        new("microphone", [2, 32], ElementType.Float32, -1, 1, ModalityKind.Signal),
    ];

    private const int Joints = 0, Camera = 1, Microphone = 2;

    private static ReplayHeader Header => new()
    {
        Environment = "made-up-arm",
        Agent = "scripted",
        Condition = "some_missing",
        Seed = 4,
        Dt = 0.1,
        Modalities = Modalities,
        StateNames = ["x"],
        ActionSize = 2,
    };

    // The camera sees a bright column at t mod 16, and is missing every fourth step; the microphone every third.
    private static Replay Record()
    {
        var recorder = new ReplayRecorder();
        recorder.Begin(Header);
        var obs = new MultimodalObservation(new ObservationSpec(Modalities));
        for (int t = 0; t < Steps; t++)
        {
            var camera = obs.Bytes(Camera);
            for (int i = 0; i < camera.Length; i++) camera[i] = (byte)(i % Side == t % Side ? 250 : 20);
            for (int j = 0; j < 4; j++) obs.Floats(Joints)[j] = (float)Math.Sin(t + j);
            for (int i = 0; i < 64; i++) obs.Floats(Microphone)[i] = (float)Math.Sin(0.3 * (i + 64 * t));
            obs.Mask = PresenceMask.All(3);
            if (t % 4 == 3) obs.Drop(Camera);
            if (t % 3 == 0) obs.Drop(Microphone);
            recorder.Record(obs, [t * 0.5], [0.1f * t, -0.1f * t]);
            recorder.Rewarded(t);
        }
        return recorder.Finish();
    }

    [Fact]
    public void A_replay_with_an_image_of_another_size_a_vector_and_a_signal_round_trips_through_its_file()
    {
        var replay = Record();
        using var folder = new TestFolder("gmcrl-replay");
        string path = folder.File("made-up.replay");
        ReplayFile.Write(path, replay);
        var back = ReplayFile.Read(path);

        Assert.True(replay.ContentEquals(back));
        Assert.Equal([ModalityKind.Vector, ModalityKind.Image, ModalityKind.Signal], back.Header.Modalities.Select(m => m.Kind));
        Assert.Null(back.Header.Voices);
        Assert.Equal(Camera, back.Header.ImageModality);
        Assert.Equal(0, back.VoiceCount);
        Assert.True(back.Voices(5).IsEmpty);
        Assert.Equal(5 * 0.5, back.State(5)[0]);
        Assert.Equal(-0.5f, back.Action(5)[1]);
        Assert.Equal(250, back.Bytes(5, Camera)[5]);
        Assert.Equal(-1, back.Bytes(3, Camera).IndexOfAnyExcept((byte)0));
        Assert.Equal((float)Math.Sin(0.3 * (7 + 64 * 4)), back.Floats(4, Microphone)[7]);
        Assert.Equal(-1, back.Floats(3, Microphone).IndexOfAnyExcept(0f));
    }

    [Fact]
    public void Its_gif_draws_the_16_by_16_camera_at_11x_and_marks_that_it_has_no_voices()
    {
        var replay = Record();
        var gif = GifDecoder.Decode(ReplayRenderer.Gif(replay));
        Assert.Equal(Steps, gif.Frames.Count);
        Assert.All(gif.Delays, d => Assert.Equal(10, d)); // dt = 0.1 s

        // 16 pixels at 11x are 176 of the panel's 180: drawn from (8 + 2, 28 + 2).
        const int left = 10, top = 30, width = ReplayPicture.Width;
        for (int t = 0; t < Steps; t++)
        {
            byte[] frame = gif.Frames[t];
            byte Pixel(int x, int y) => frame[y * width + x];
            if (t % 4 == 3)
            {
                Assert.Equal(ReplayPicture.Strike, Pixel(8 + 20, 28 + 20));
                continue;
            }
            for (int r = 0; r < Side; r++)
                for (int c = 0; c < Side; c++)
                    Assert.Equal(c == t % Side ? ReplayPicture.Lit : ReplayPicture.Panel, Pixel(left + 11 * c + 5, top + 11 * r + 5));
            // Outside the drawn 176 x 176, the panel's border stays empty.
            Assert.Equal(ReplayPicture.Panel, Pixel(8, 28 + 90));
            // No voices: the voices' panel is struck through at every step.
            Assert.Equal(ReplayPicture.Strike, Pixel(204 + 20, 28 + 19));
        }
    }

    [Fact]
    public void Render_and_the_render_command_write_a_gif_and_a_page_but_no_wav()
    {
        var replay = Record();
        using var folder = new TestFolder("gmcrl-render");
        var result = ReplayRenderer.Render(replay, folder.Path, "arm", new RenderOptions { Mp4 = false });
        Assert.Null(result.Wav);
        Assert.Equal(Steps, GifDecoder.Decode(File.ReadAllBytes(result.Gif)).Frames.Count);
        string html = File.ReadAllText(result.Html);
        Assert.DoesNotContain("<audio", html);
        Assert.Contains("CAMERA (AS THE AGENT SAW IT)", html);
        Assert.Equal(["arm.gif", "arm.html"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order());

        string path = folder.File("some_missing-ep000.replay");
        ReplayFile.Write(path, replay);
        string renders = Path.Combine(folder.Path, "renders");
        var output = new StringWriter();
        Assert.Equal(0, RenderCommand.Run([path, "--out", renders, "--no-mp4"], output));
        Assert.Contains("wav   not written: the replay has neither voices nor a recorded signal", output.ToString());
        Assert.Equal(["some_missing-ep000.gif", "some_missing-ep000.html"], Directory.GetFiles(renders).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Images_of_any_size_fit_the_panel_by_nearest_neighbour()
    {
        Assert.Equal((180, 180), ReplayPicture.Fitted(60, 60, 180));
        Assert.Equal((176, 176), ReplayPicture.Fitted(16, 16, 180));
        Assert.Equal((160, 64), ReplayPicture.Fitted(16, 40, 180));
        Assert.Equal((120, 180), ReplayPicture.Fitted(300, 200, 180));
        Assert.Equal((180, 1), ReplayPicture.Fitted(1, 1000, 180));

        // A 100 x 200 frame, its left half lit, shrinks to 180 x 90 in the middle of the panel: lit up to x = 89.
        var spec = new ModalitySpec("wide", [100, 200], ElementType.UInt8, 0, 1);
        var recorder = new ReplayRecorder();
        recorder.Begin(new ReplayHeader { Environment = "wide", Agent = "none", Condition = "all", Dt = 1, Modalities = [spec], ActionSize = 0 });
        var obs = new MultimodalObservation(new ObservationSpec([spec]));
        var frame = obs.Bytes(0);
        for (int i = 0; i < frame.Length; i++) frame[i] = (byte)(i % 200 < 100 ? 1 : 0);
        obs.Mask = PresenceMask.All(1);
        recorder.Record(obs, [], []);
        recorder.Rewarded(0);
        var gif = GifDecoder.Decode(ReplayRenderer.Gif(recorder.Finish()));
        byte Pixel(int x, int y) => gif.Frames[0][y * ReplayPicture.Width + x];
        const int top = 28 + 45;
        Assert.Equal(ReplayPicture.Lit, Pixel(8 + 89, top));
        Assert.Equal(ReplayPicture.Panel, Pixel(8 + 90, top));
        Assert.Equal(ReplayPicture.Lit, Pixel(8, top + 89));
        Assert.Equal(ReplayPicture.Panel, Pixel(8, top - 1));
        Assert.Equal(ReplayPicture.Panel, Pixel(8, top + 90));
    }
}
