using System.Diagnostics;
using System.Text.Json;
using GmcRL.Envs;
using GmcRL.Envs.Registry;
using GmcRL.Envs.Wrappers;
using GmcRL.Replays;
using GmcRL.Replays.Rendering;
using GmcRL.Cli.Options;

namespace GmcRL.Benchmarks;

/// <summary>
/// <c>GmcRL.Benchmarks replays</c>: records a multimodal-pendulum episode (2-frame stack, per-step dropout p = 0.3, random
/// torques) and times writing and reading its replay file and rendering it into GIF, WAV and HTML (the issue's target:
/// a 300-step replay in under 5 seconds), plus the MP4 where ffmpeg is installed. Reports the median and the fastest
/// of several repeats.
/// </summary>
public static class ReplayBenchmark
{
    /// <summary>One timed stage: median and fastest seconds over the repeats, and the bytes it wrote or read (0 for none).</summary>
    public sealed record Stage(string Name, double MedianSeconds, double FastestSeconds, long Bytes);

    /// <summary>All figures of one run.</summary>
    public sealed record Result(string Benchmark, MachineInfo Machine, int Steps, int Repeats, IReadOnlyList<Stage> Stages,
        double RenderMedianSeconds, string? Mp4Note);

    /// <summary>Runs the benchmark with command-line <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output)
    {
        var cl = new CommandLine("GmcRL.Benchmarks replays", "Replay recording, file and rendering times (GIF + WAV + HTML, and MP4 with ffmpeg).", args);
        int steps = cl.Int("steps", 300, "steps in the recorded episode", min: 1);
        int repeats = cl.Int("repeats", 5, "times each stage is timed", min: 1);
        string? keep = cl.OptionalText("out", "a folder", "keep the replay and its renderings in this folder (default: a temporary folder, removed)");
        bool json = cl.Flag("json", "print one JSON object instead of a table");
        if (cl.ShowHelp(output)) return 0;

        string folder = keep ?? Directory.CreateTempSubdirectory("gmcrl-bench-replays").FullName;
        try
        {
            var result = Measure(steps, repeats, folder);
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
                return 0;
            }
            output.WriteLine($"machine: {result.Machine}");
            output.WriteLine($"{steps}-step replay, {repeats} repeats");
            output.WriteLine($"{"stage",-26} {"median s",10} {"fastest s",10} {"bytes",12}");
            foreach (var s in result.Stages) output.WriteLine($"{s.Name,-26} {s.MedianSeconds,10:F3} {s.FastestSeconds,10:F3} {(s.Bytes == 0 ? "-" : s.Bytes.ToString("N0")),12}");
            output.WriteLine($"render GIF + WAV + HTML (written): median {result.RenderMedianSeconds:F3} s (target: under 5 s for 300 steps)");
            if (result.Mp4Note is not null) output.WriteLine($"mp4: {result.Mp4Note}");
            if (keep is not null) output.WriteLine($"kept in {folder}");
            return 0;
        }
        finally
        {
            if (keep is null) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Records a <paramref name="steps"/>-step replay and times each stage <paramref name="repeats"/> times.</summary>
    public static Result Measure(int steps, int repeats, string folder)
    {
        Replay replay = null!;
        var stages = new List<Stage>
        {
            Time("record", repeats, () => { replay = Record(steps); return 0; }),
        };
        string path = Path.Combine(folder, ReplayFile.Name("per_step_p0.3", 0));
        stages.Add(Time("write replay file", repeats, () => { ReplayFile.Write(path, replay); return new FileInfo(path).Length; }));
        stages.Add(Time("read replay file", repeats, () => { ReplayFile.Read(path); return new FileInfo(path).Length; }));
        stages.Add(Time("gif (in memory)", repeats, () => ReplayRenderer.Gif(replay).Length));
        stages.Add(Time("wav (in memory)", repeats, () => Sonification.Wav(replay).Length));
        stages.Add(Time("html (in memory)", repeats, () => ReplayViewer.Html(replay, Sonification.Wav(replay)).Length));
        string name = Path.GetFileNameWithoutExtension(path);
        var render = Time("render gif+wav+html", repeats, () =>
        {
            var r = ReplayRenderer.Render(replay, folder, name, new RenderOptions { Mp4 = false });
            return new FileInfo(r.Gif).Length + new FileInfo(r.Wav!).Length + new FileInfo(r.Html).Length;
        });
        stages.Add(render);

        string? note = null;
        if (ReplayRenderer.FindProgram("ffmpeg") is null) note = "ffmpeg is not installed: MP4 not timed";
        else
        {
            RenderResult last = null!;
            var mp4 = Time("render all + mp4", 1, () => { last = ReplayRenderer.Render(replay, folder, name); return last.Mp4 is null ? 0 : new FileInfo(last.Mp4).Length; });
            stages.Add(mp4);
            note = last.Mp4Note;
        }
        return new Result("replays", MachineInfo.Current(), steps, repeats, stages, render.MedianSeconds, note);
    }

    /// <summary>A replay of a random-action episode of the default environment (the multimodal pendulum), as the
    /// evaluator records one.</summary>
    public static Replay Record(int steps, int seed = 7)
    {
        var registration = (EnvRegistration<float[]>)EnvRegistry.Get(EnvRegistry.DefaultId);
        var tones = registration.Replay.Sound!;
        var stateNames = registration.TrueState!.Names;
        var env = new TimeLimit<MultimodalObservation, float[]>(new ModalityDropout<float[]>(
            new FrameStack<float[]>(registration.Make(new EnvContext(seed)), registration.FrameStack), new DropSchedule.PerStep(0.3), seed), steps);
        var recorder = new ReplayRecorder();
        recorder.Begin(new ReplayHeader
        {
            Environment = registration.Id,
            Agent = "random actions",
            Condition = "per_step_p0.3",
            Schedule = new DropSchedule.PerStep(0.3).ToString(),
            Seed = seed,
            Dt = registration.Replay.StepSeconds,
            FramesPerObservation = registration.FrameStack,
            Modalities = registration.Modalities.Modalities,
            StateNames = stateNames,
            ActionSize = registration.ActionSize,
            LatentSize = 0,
            Voices = ReplayVoices.From(tones),
        });
        var rng = new Random(seed);
        var (obs, info) = env.Reset(seed);
        float[] voices = new float[2 * tones.Voices.Count];
        while (true)
        {
            float[] action = registration.ActionSpace.Sample(rng);
            var state = info.State.Span[..stateNames.Count];
            tones.Compute(state, voices);
            recorder.Record(obs, state, action, voices: voices);
            var r = env.Step(action);
            recorder.Rewarded(r.Reward);
            if (r.Done) break;
            (obs, info) = (r.Observation, r.Info);
        }
        return recorder.Finish();
    }

    // Runs `work` once to warm up, then `repeats` times; `work` returns the bytes it wrote or read.
    private static Stage Time(string name, int repeats, Func<long> work)
    {
        work();
        var seconds = new double[repeats];
        long bytes = 0;
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            bytes = work();
            seconds[i] = clock.Elapsed.TotalSeconds;
        }
        Array.Sort(seconds);
        return new Stage(name, seconds[repeats / 2], seconds[0], bytes);
    }
}
