using System.Diagnostics;
using System.Text.Json;
using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Vector;
using GmcRL.Envs.Wrappers;

namespace GmcRL.Benchmarks;

/// <summary>
/// <c>gmcrl bench env</c>: single-thread environment steps per second (random torques, automatic resets), for the
/// multimodal pendulum with both modalities and 2-frame stacking (the configuration the pipeline uses), its variants,
/// and the vector environment. Also reports managed bytes allocated per step.
/// </summary>
public static class EnvBenchmark
{
    /// <summary>One measured configuration.</summary>
    public sealed record Case(string Name, string Description, long Steps, double Seconds, double StepsPerSecond, double BytesPerStep);

    /// <summary>All figures of one run.</summary>
    public sealed record Result(string Benchmark, MachineInfo Machine, double SecondsPerCase, IReadOnlyList<Case> Cases);

    /// <summary>Runs the benchmark with command-line <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output)
    {
        var cl = new CommandLine("gmcrl bench env", "Environment steps per second, single thread.", args);
        double seconds = cl.Double("seconds", 3.0, "measuring time per configuration, in seconds", min: 0.1);
        int copies = cl.Int("copies", 8, "environments in the vector environment", min: 1);
        bool json = cl.Flag("json", "print one JSON object instead of a table");
        if (cl.ShowHelp(output)) return 0;

        var result = Measure(seconds, copies, json ? TextWriter.Null : output);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
        }
        else
        {
            output.WriteLine();
            output.WriteLine($"machine: {result.Machine}");
            output.WriteLine($"{"configuration",-28} {"steps/s",12} {"bytes/step",11}  description");
            foreach (var c in result.Cases)
                output.WriteLine($"{c.Name,-28} {c.StepsPerSecond,12:N0} {c.BytesPerStep,11:N1}  {c.Description}");
        }
        return 0;
    }

    /// <summary>Measures every configuration for <paramref name="seconds"/> each.</summary>
    public static Result Measure(double seconds, int copies, TextWriter progress)
    {
        var cases = new List<Case>
        {
            Single("pendulum-state", "Pendulum-v1 with the true state, 200-step episodes",
                new TimeLimit<float[], float[]>(new Pendulum(), 200), seconds, progress),
            Single("multimodal-1frame", "multimodal pendulum, image + sound, one frame",
                new TimeLimit<MultimodalObservation, float[]>(new MultimodalPendulum(), 300), seconds, progress),
            Single("multimodal-stack2", "image + sound, 2-frame stack (the pipeline's observation)",
                Stacked(), seconds, progress),
            Single("multimodal-stack2-dropout", "as above, per-step dropout p = 0.3",
                new ModalityDropout<float[]>(Stacked(), new DropSchedule.PerStep(0.3)), seconds, progress),
            Vector($"vector-{copies}x-stack2", $"{copies} stacked multimodal pendulums in one vector environment",
                copies, seconds, progress),
        };
        return new Result("env", MachineInfo.Current(), seconds, cases);
    }

    private static IEnvironment<MultimodalObservation, float[]> Stacked() =>
        new TimeLimit<MultimodalObservation, float[]>(new FrameStack<float[]>(new MultimodalPendulum(), 2), 300);

    private static float[][] Torques(int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => new[] { (float)(rng.NextDouble() * 4 - 2) }).ToArray();
    }

    private static Case Single<TObs>(string name, string description, IEnvironment<TObs, float[]> env, double seconds, TextWriter progress)
    {
        float[][] torques = Torques(4096, 1);
        env.Reset(0);
        long i = 0;
        void Chunk()
        {
            for (int k = 0; k < 1000; k++, i++)
                if (env.Step(torques[i & 4095]).Done) env.Reset();
        }
        return Time(name, description, 1, Chunk, seconds, progress);
    }

    private static Case Vector(string name, string description, int copies, double seconds, TextWriter progress)
    {
        var vec = new VectorEnvironment<MultimodalObservation, float[]>(
            Enumerable.Range(0, copies).Select(_ => Stacked()).ToArray(), o => o.Clone());
        float[][] torques = Torques(4096, 2);
        var actions = new float[copies][];
        vec.Reset(0);
        long i = 0;
        void Chunk()
        {
            for (int k = 0; k < 1000 / copies + 1; k++)
            {
                for (int e = 0; e < copies; e++) actions[e] = torques[i++ & 4095];
                vec.Step(actions);
            }
        }
        return Time(name, description, copies * (1000 / copies + 1), Chunk, seconds, progress);
    }

    // Runs `chunk` (which takes `stepsPerChunk` environment steps) once to warm up, then until `seconds` have passed.
    private static Case Time(string name, string description, int stepsPerChunk, Action chunk, double seconds, TextWriter progress)
    {
        progress.Write($"measuring {name} ...");
        for (int w = 0; w < 5; w++) chunk();
        long steps = 0;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        stepsPerChunk = stepsPerChunk == 1 ? 1000 : stepsPerChunk;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            chunk();
            steps += stepsPerChunk;
        }
        double elapsed = clock.Elapsed.TotalSeconds;
        double bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)steps;
        progress.WriteLine($" {steps / elapsed:N0} steps/s");
        return new Case(name, description, steps, elapsed, steps / elapsed, bytes);
    }
}
