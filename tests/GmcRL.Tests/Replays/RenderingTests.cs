using System.Diagnostics;
using GmcRL.Cli.Commands;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Wrappers;
using GmcRL.Replays;
using GmcRL.Replays.Rendering;

namespace GmcRL.Tests.Replays;

public class RenderingTests
{
    private static readonly Replay Dropped = Episodes.Record(60, new DropSchedule.PerStep(0.4), seed: 5).Replay;

    [Fact]
    public void The_gif_has_a_frame_per_step_at_episode_speed_showing_what_the_agent_saw()
    {
        var gif = GifDecoder.Decode(ReplayRenderer.Gif(Dropped));
        Assert.Equal((ReplayPicture.Width, ReplayPicture.Height), (gif.Width, gif.Height));
        Assert.Equal(Dropped.Count, gif.Frames.Count);
        Assert.All(gif.Delays, d => Assert.Equal(5, d)); // dt = 0.05 s
        Assert.True(gif.Loops);

        // The image panel: 180x180 at (8, 28), each of the 60x60 pixels drawn 3x3.
        const int left = 8, top = 28, width = ReplayPicture.Width;
        int present = 0, missing = 0;
        for (int t = 0; t < Dropped.Count; t++)
        {
            byte[] frame = gif.Frames[t];
            byte Pixel(int x, int y) => frame[y * width + x];
            if (Dropped.Mask(t).Has(MultimodalPendulum.Image))
            {
                present++;
                var image = Dropped.Bytes(t, MultimodalPendulum.Image);
                for (int r = 0; r < 60; r++)
                    for (int c = 0; c < 60; c++)
                        Assert.Equal(image[r * 60 + c] == 1 ? ReplayPicture.Lit : ReplayPicture.Panel, Pixel(left + 3 * c + 1, top + 3 * r + 1));
            }
            else
            {
                missing++;
                // Struck through: red on both diagonals, no rod.
                Assert.Equal(ReplayPicture.Strike, Pixel(left + 20, top + 20));
                Assert.Equal(ReplayPicture.Strike, Pixel(left + 159, top + 20));
                Assert.Equal(ReplayPicture.MissingPanel, Pixel(left + 90, top + 30));
            }
            // The sound panel (188x180 at (204, 28)) is struck through exactly when the sound was missing.
            bool soundStruck = Pixel(204 + 20, 28 + 19) == ReplayPicture.Strike;
            Assert.Equal(!Dropped.Mask(t).Has(MultimodalPendulum.Sound), soundStruck);
        }
        Assert.True(present > 10 && missing > 10, $"{present} present, {missing} missing");
    }

    [Fact]
    public void Renderings_are_the_same_bytes_for_the_same_replay_and_the_page_needs_no_network()
    {
        var again = ReplayFile.FromBytes(ReplayFile.ToBytes(Dropped));
        Assert.Equal(ReplayRenderer.Gif(Dropped), ReplayRenderer.Gif(again));
        Assert.Equal(Sonification.Wav(Dropped), Sonification.Wav(again));
        string html = ReplayViewer.Html(Dropped, Sonification.Wav(Dropped));
        Assert.Equal(html, ReplayViewer.Html(again, Sonification.Wav(again)));
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.Contains("default-src 'none'", html);
        Assert.Contains("src=\"data:audio/wav;base64,", html);
    }

    [Fact]
    public void Text_in_a_header_cannot_break_out_of_the_page()
    {
        var recorded = Episodes.Record(3).Replay;
        var header = recorded.Header with { Condition = "</script><script>alert(1)</script>{{data}}", Agent = "<b>&" };
        var recorder = new ReplayRecorder();
        recorder.Begin(header);
        var pendulum = new MultimodalPendulum();
        var stack = new FrameStack<float[]>(pendulum, 2);
        var obs = stack.Reset(0).Observation;
        recorder.Record(obs, pendulum.State, [0f], new float[4], Episodes.Tones(pendulum, pendulum.State));
        recorder.Rewarded(-1);
        string html = ReplayViewer.Html(recorder.Finish(), null);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("&lt;/script&gt;", html);
        Assert.Equal(2, html.Split("</script>").Length - 1);
    }

    [Fact]
    public void Render_writes_gif_wav_html_and_says_when_ffmpeg_is_missing()
    {
        using var temp = new TestFolder("gmcrl-render");
        string folder = temp.Path;
        var result = ReplayRenderer.Render(Dropped, folder, "ep", new RenderOptions { Ffmpeg = "/nonexistent/ffmpeg" });
        Assert.Equal(Path.Combine(folder, "ep.gif"), result.Gif);
        Assert.Equal(ReplayRenderer.Gif(Dropped), File.ReadAllBytes(result.Gif));
        Assert.Equal(Sonification.Wav(Dropped), File.ReadAllBytes(result.Wav!));
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(result.Html));
        Assert.Null(result.Mp4);
        Assert.Contains("ffmpeg is not installed (Debian: apt-get install ffmpeg)", result.Mp4Note);
        Assert.False(result.Mp4Failed); // no ffmpeg is no failure: the MP4 is made only where ffmpeg is installed
        Assert.Equal(["ep.gif", "ep.html", "ep.wav"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void With_ffmpeg_render_also_writes_an_mp4_with_sound()
    {
        Ffmpeg();
        var replay = Episodes.Record(20).Replay;
        using var temp = new TestFolder("gmcrl-render");
        string folder = temp.Path;
        var result = ReplayRenderer.Render(replay, folder, "ep");
        Assert.Null(result.Mp4Note);
        byte[] mp4 = File.ReadAllBytes(result.Mp4!);
        Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(mp4, 4, 4));
        Assert.True(mp4.Length > 1000);
        Assert.DoesNotContain(Directory.GetFiles(folder), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Ffmpeg_decodes_the_gif_that_gmcrl_render_writes_to_exactly_the_pictures_drawn_at_the_episode_speed()
    {
        string ffmpeg = Ffmpeg();
        using var temp = new TestFolder("gmcrl-render");
        string path = temp.File(ReplayFile.Name("per_step_p0.4", 0));
        ReplayFile.Write(path, Dropped);
        Assert.Equal(0, RenderCommand.Run([path, "--no-mp4"], TextWriter.Null));
        var replay = ReplayFile.Read(path);

        // ffmpeg as the independent decoder: every GIF frame once (passthrough: no frame dropped or repeated to fit
        // a frame rate), as 8-bit RGB.
        byte[] decoded = Run(ffmpeg, "-nostdin", "-loglevel", "error", "-i", Path.ChangeExtension(path, ".gif"),
            "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "-");

        const int width = ReplayPicture.Width, height = ReplayPicture.Height, frameBytes = width * height * 3;
        Assert.True(decoded.Length == replay.Count * frameBytes,
            $"ffmpeg decoded {decoded.Length / (double)frameBytes} frames of {width}x{height}; the replay has {replay.Count} steps");
        var picture = new ReplayPicture(replay);
        var canvas = new byte[width * height];
        var palette = ReplayPicture.Palette;
        for (int t = 0; t < replay.Count; t++)
        {
            picture.Draw(t, canvas);
            var frame = decoded.AsSpan(t * frameBytes, frameBytes);
            for (int i = 0; i < canvas.Length; i++)
            {
                var expected = palette.Slice(canvas[i] * 3, 3);
                var actual = frame.Slice(i * 3, 3);
                if (!actual.SequenceEqual(expected))
                    Assert.Fail($"frame {t}, pixel ({i % width}, {i / width}): ffmpeg decoded RGB {Hex(actual)}, GmcRL drew palette entry {canvas[i]} = {Hex(expected)}");
            }
        }

        // And ffprobe reads each frame's start and duration (in hundredths of a second) at the episode's speed: frame t
        // starts at t dt, rounded.
        string timing = System.Text.Encoding.ASCII.GetString(Run(Ffmpeg("ffprobe"), "-v", "error", "-select_streams", "v:0",
            "-show_entries", "packet=pts,duration", "-of", "csv=p=0", Path.ChangeExtension(path, ".gif")));
        long Start(int t) => (long)Math.Round(t * replay.Header.Dt * 100);
        Assert.Equal(Enumerable.Range(0, replay.Count).Select(t => $"{Start(t)},{Start(t + 1) - Start(t)}"),
            timing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    // The installed ffmpeg (or ffprobe, from the same package), or a failure that says how to install it.
    private static string Ffmpeg(string program = "ffmpeg")
    {
        string? path = ReplayRenderer.FindProgram(program);
        Assert.True(path is not null, $"{program} is needed for this test: apt-get install ffmpeg (build/install-deps.sh installs it; CI runs that).");
        return path!;
    }

    private static string Hex(ReadOnlySpan<byte> rgb) => Convert.ToHexString(rgb);

    // Runs a program and returns its standard output; fails the test on a non-zero exit or after a minute.
    private static byte[] Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} did not finish within 60 s.");
        }
        copy.Wait();
        Assert.True(process.ExitCode == 0, $"{program} exited with {process.ExitCode}: {error.Result}");
        return output.ToArray();
    }

    [Fact]
    public void A_replay_without_sound_settings_renders_without_a_wav()
    {
        var pendulum = new MultimodalPendulum();
        var recorder = new ReplayRecorder();
        recorder.Begin(Episodes.Header(pendulum, "image_only", "Fixed(image)", 0, latent: 0) with { Voices = null, FramesPerObservation = 1 });
        var obs = pendulum.Reset(0).Observation;
        for (int t = 0; t < 5; t++)
        {
            recorder.Record(obs, pendulum.State, [1f]);
            recorder.Rewarded(pendulum.Step([1f]).Reward);
        }
        using var temp = new TestFolder("gmcrl-render");
        string folder = temp.Path;
        var result = ReplayRenderer.Render(recorder.Finish(), folder, "quiet", new RenderOptions { Mp4 = false });
        Assert.Null(result.Wav);
        Assert.Equal(5, GifDecoder.Decode(File.ReadAllBytes(result.Gif)).Frames.Count);
        Assert.DoesNotContain("<audio", File.ReadAllText(result.Html));
        Assert.Equal(["quiet.gif", "quiet.html"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void An_empty_replay_is_refused_clearly()
    {
        var recorder = new ReplayRecorder();
        recorder.Begin(Episodes.Record(1).Replay.Header);
        var empty = recorder.Finish();
        Assert.Contains("no steps", Assert.Throws<ArgumentException>(() => ReplayRenderer.Gif(empty)).Message);
    }
}
