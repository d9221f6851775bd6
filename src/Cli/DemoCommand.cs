using System.Diagnostics;
using System.Globalization;
using GmcRL.Cli.Options;
using GmcRL.Envs;
using GmcRL.Envs.Registry;
using GmcRL.Envs.Wrappers;

namespace GmcRL.Cli;

/// <summary>
/// <c>gmcrl demo</c>: runs episodes of a registered environment with uniformly random actions and per-step modality
/// dropout, and reports what happened, with the newest frame of its first image modality as text: a quick look at the
/// environment layer, no learning. With <c>--json</c> it prints one JSON object of episode statistics instead
/// (<see cref="DemoStatistics"/>): outcomes, mean length, return and tallies, lit pixels and the signals' levels.
/// </summary>
public static class DemoCommand
{
    public static int Run(string[] args, TextWriter output)
    {
        var cl = new CommandLine("gmcrl demo",
            "Random actions on a registered environment (stacked as its default) with per-step modality dropout.", args);
        string id = cl.Text("env.name", EnvRegistry.DefaultId, "the environment (gmcrl envs lists them)");
        int episodes = cl.Int("episodes", 5, "episodes to run", min: 1);
        var found = EnvRegistry.Find(id);
        int steps = cl.Int("steps", found?.EpisodeSteps ?? 300, "steps per episode at most; the environment's episode length unless given", min: 1);
        double drop = cl.Double("drop", 0.3, "per-step probability that a modality is missing (at most (M-1)/M for M modalities: one always stays)", min: 0);
        int seed = cl.Int("seed", 0, "random seed");
        bool json = cl.Flag("json", "print one JSON object of episode statistics (outcomes, mean length, return, tallies, lit pixels, signal levels per receiver) instead of the table");
        if (cl.ShowHelp(output)) return 0;
        var registration = found ?? throw new CommandLineException(
            $"gmcrl demo: no environment is registered as '{id}'; registered: {string.Join(", ", EnvRegistry.All.Select(r => r.Id))}.");
        int count = registration.Modalities.Count;
        double max = (count - 1) / (double)count;
        if (drop > max)
            throw new CommandLineException($"gmcrl demo: --drop must be at most {max.ToString("0.###", CultureInfo.InvariantCulture)} with {count} modalities, one of which always stays (got {drop.ToString(CultureInfo.InvariantCulture)}).");
        return registration.Accept(new Demo(output, episodes, steps, drop, seed, json));
    }

    private sealed class Demo(TextWriter output, int episodes, int steps, double drop, int seed, bool json) : IRegistrationVisitor<int>
    {
        public int Visit<TAction>(EnvRegistration<TAction> r)
        {
            var spec = r.Modalities;
            var names = spec.Modalities.Select(m => m.Name).ToArray();
            // The table goes nowhere when the JSON object is the output.
            var table = json ? TextWriter.Null : output;
            table.WriteLine($"environment demo: {r.Id}, random actions, {string.Join(" + ", names)}, {r.FrameStack}-frame stack, dropout p = {drop.ToString(CultureInfo.InvariantCulture)}.");
            table.WriteLine();
            var game = r.Make(new EnvContext(seed));
            var statistics = new DemoStatistics(spec, game as IEpisodeOutcome);
            var env = new TimeLimit<MultimodalObservation, TAction>(
                new ModalityDropout<TAction>(new FrameStack<TAction>(game, r.FrameStack), new DropSchedule.PerStep(drop), seed), steps);
            var rng = new Random(seed);
            var missing = new long[names.Length];
            long total = 0;
            var clock = Stopwatch.StartNew();
            MultimodalObservation last = null!;
            table.WriteLine($"{"episode",7} {"steps",6} {"reward/step",12} {"return",10}" + string.Concat(names.Select(n => $" {n + " missing",16}")));
            for (int e = 0; e < episodes; e++)
            {
                env.Reset(seed + e);
                double sum = 0;
                int taken = 0;
                var episodeMissing = new int[names.Length];
                while (true)
                {
                    var result = env.Step(r.ActionSpace.Sample(rng));
                    sum += result.Reward;
                    taken++;
                    for (int m = 0; m < names.Length; m++) if (!result.Observation.Mask.Has(m)) episodeMissing[m]++;
                    statistics.Step(result.Observation, result.Reward);
                    last = result.Observation;
                    if (result.Done)
                    {
                        statistics.EndEpisode(result.Terminated);
                        break;
                    }
                }
                total += taken;
                for (int m = 0; m < names.Length; m++) missing[m] += episodeMissing[m];
                table.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{e + 1,7} {taken,6} {sum / taken,12:F3} {sum,10:F1}")
                    + string.Concat(episodeMissing.Select(k => $" {(k / (double)taken).ToString("P1", CultureInfo.InvariantCulture),16}")));
            }
            if (json)
            {
                var report = statistics.ToJson(r.Id);
                report["step_limit"] = steps;
                report["drop"] = drop;
                report["seed"] = seed;
                output.WriteLine(report.ToJsonString());
                return 0;
            }
            double seconds = clock.Elapsed.TotalSeconds;
            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{total} steps in {seconds:F2} s ({total / seconds:N0} steps/s); missing: ")
                + string.Join(", ", names.Select((n, m) => $"{n} {(missing[m] / (double)total).ToString("P1", CultureInfo.InvariantCulture)}")) + " of steps.");
            int image = Enumerable.Range(0, spec.Count).FirstOrDefault(m => spec.Modalities[m].Kind == ModalityKind.Image, -1);
            if (image >= 0)
            {
                var frame = spec.Modalities[image];
                output.WriteLine($"the last observation's newest '{frame.Name}' frame{(last.Mask.Has(image) ? "" : $" (the agent did not see it: {frame.Name} missing, so it is blank)")}:");
                output.Write(AsciiFrame(last.Bytes(image)[^(frame.Shape[^1] * frame.Shape[^2])..], frame.Shape[^2], frame.Shape[^1]));
            }
            return 0;
        }
    }

    // Two image rows per text line: '#' both lit, an apostrophe the top one, '.' the bottom one.
    private static string AsciiFrame(ReadOnlySpan<byte> pixels, int height, int width)
    {
        var text = new System.Text.StringBuilder();
        for (int r = 0; r < height; r += 2)
        {
            for (int c = 0; c < width; c++)
            {
                bool top = pixels[r * width + c] != 0, bottom = r + 1 < height && pixels[(r + 1) * width + c] != 0;
                text.Append(top && bottom ? '#' : top ? '\'' : bottom ? '.' : ' ');
            }
            text.AppendLine("|");
        }
        return text.ToString();
    }
}
