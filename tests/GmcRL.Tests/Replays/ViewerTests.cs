using System.Diagnostics;
using System.Text.RegularExpressions;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Wrappers;
using GmcRL.Replays;
using GmcRL.Replays.Rendering;

namespace GmcRL.Tests.Replays;

/// <summary>Opens the HTML viewer in headless Chromium, lets it play, and reads the page's state from the dumped DOM.</summary>
public class ViewerTests
{
    [Fact]
    public void Headless_chromium_plays_the_viewer_which_marks_exactly_the_dropped_steps_and_draws_the_frame()
    {
        var replay = Episodes.Record(100, new DropSchedule.PerStep(0.3), seed: 9).Replay;
        // Stop at a step where the agent saw the image, so the drawn frame can be checked pixel by pixel.
        int stop = Enumerable.Range(30, 40).First(t => replay.Mask(t).Has(MultimodalPendulum.Image));
        using var temp = new TestFolder("gmcrl-viewer");
        string folder = temp.Path;
        string page = Path.Combine(folder, "viewer.html");
        File.WriteAllText(page, ReplayViewer.Html(replay, Sonification.Wav(replay)));

        string dom = DumpDom(new Uri(page).AbsoluteUri + $"#play-until={stop}", folder);

        // The timeline: one cell per modality and step, marked missing exactly where the mask says so.
        var cells = Regex.Matches(dom, "<i\\b[^>]*>").Select(m => Attributes(m.Value)).Where(a => a.ContainsKey("data-modality")).ToList();
        Assert.Equal(2 * replay.Count, cells.Count);
        string[] names = ["image", "sound"];
        for (int m = 0; m < 2; m++)
        {
            var row = cells.Where(c => c["data-modality"] == names[m]).ToDictionary(c => int.Parse(c["data-step"]), c => c["data-missing"]);
            Assert.Equal(replay.Count, row.Count);
            for (int t = 0; t < replay.Count; t++)
                Assert.Equal(replay.Mask(t).Has(m) ? "0" : "1", row[t]);
        }
        Assert.Contains(cells, c => c["data-missing"] == "1");

        // It played to the stop and drew that step's image: every lit pixel as a 3x3 block of white.
        var viewer = Attributes(Regex.Match(dom, "<div id=\"viewer\"[^>]*>").Value);
        Assert.Equal(stop.ToString(), viewer["data-step"]);
        Assert.Equal("0", viewer["data-playing"]);
        Assert.Equal("0", viewer["data-image-missing"]);
        int lit = 0;
        foreach (byte b in replay.Bytes(stop, MultimodalPendulum.Image)) lit += b;
        Assert.True(lit > 20);
        Assert.Equal((9 * lit).ToString(), viewer["data-lit-pixels"]);
    }

    [Fact]
    public void A_recorded_signal_shows_each_channels_level_with_a_box_to_hear_it()
    {
        var replay = SignalAudioTests.Record();
        const int sound = 1, channels = 4;
        int stop = Enumerable.Range(20, 30).First(t => replay.Mask(t).Has(sound));
        using var temp = new TestFolder("gmcrl-viewer-signal");
        string page = Path.Combine(temp.Path, "viewer.html");
        File.WriteAllText(page, ReplayViewer.Html(replay, SignalAudio.Wav(replay)));

        string dom = DumpDom(new Uri(page).AbsoluteUri + $"#play-until={stop}", temp.Path);

        // Levels: each channel's root mean square distance from the middle of [0, 1], on the replay's loudest.
        double Level(int t, int c)
        {
            if (!replay.Mask(t).Has(sound)) return 0;
            var samples = replay.Floats(t, sound).Slice(c * 1047, 1047).ToArray();
            return Math.Sqrt(samples.Average(v => (v - 0.5) * (v - 0.5)));
        }
        double loudest = Enumerable.Range(0, replay.Count).SelectMany(t => Enumerable.Range(0, channels).Select(c => Level(t, c))).Max();
        var viewer = Attributes(Regex.Match(dom, "<div id=\"viewer\"[^>]*>").Value);
        Assert.Equal(stop.ToString(), viewer["data-step"]);
        var drawn = viewer["data-sound-levels"].Split(',').Select(x => double.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(channels, drawn.Length);
        for (int c = 0; c < channels; c++) Assert.Equal(Level(stop, c) / loudest, drawn[c], 0.0006);
        Assert.Contains(drawn, level => level > 0.05);
        var boxes = Regex.Matches(dom, "<input\\b[^>]*>").Select(m => Attributes(m.Value)).Where(a => a.ContainsKey("data-channel")).ToList();
        Assert.Equal(["1", "2", "3", "4"], boxes.Select(b => b["data-channel"]));
    }

    [Fact]
    public void The_page_is_the_embedded_html_file_with_every_placeholder_filled()
    {
        var replay = Episodes.Record(10, new DropSchedule.PerStep(0.3), seed: 9).Replay;
        string page = ReplayViewer.Html(replay, null);
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.DoesNotContain("{{", page);
        Assert.Contains("<title>Replay: per_step_p0.3, episode 0 (seed 9)</title>", page);
        Assert.Contains("data-steps=\"10\"", page);
        Assert.DoesNotContain("<audio", page);
    }

    private static Dictionary<string, string> Attributes(string tag) =>
        Regex.Matches(tag, "([a-z][a-z-]*)=\"([^\"]*)\"").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    // Runs headless Chromium with the flags for a sandboxed, offline machine and returns the DOM after the page's
    // script has run for a few seconds of virtual time.
    private static string DumpDom(string url, string folder)
    {
        string? chromium = ReplayRenderer.FindProgram("chromium") ?? ReplayRenderer.FindProgram("chromium-browser");
        Assert.True(chromium is not null,
            "Headless Chromium is needed to test the HTML viewer: apt-get install chromium (build/install-deps.sh installs it; CI runs that).");
        var start = new ProcessStartInfo(chromium!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={Path.Combine(folder, "profile")}",
            "--virtual-time-budget=6000", "--dump-dom", url,
        }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("Chromium did not finish within 60 s.");
        }
        Assert.True(process.ExitCode == 0, $"Chromium exited with {process.ExitCode}: {error.Result}");
        return output.Result;
    }
}
