using System.Diagnostics;
using System.Text.Json;
using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Registry;
using GmcRL.Envs.Vector;
using GmcRL.Envs.Wrappers;
using GmcRL.Cli.Options;

namespace GmcRL.Benchmarks;

/// <summary>
/// <c>GmcRL.Benchmarks env</c>: single-thread environment steps per second (uniformly random actions drawn beforehand,
/// automatic resets) of a registered environment (the multimodal pendulum by default): one frame, stacked as the
/// pipeline observes it, with dropout, and in a vector environment. Also reports managed bytes allocated per step.
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
        var cl = new CommandLine("GmcRL.Benchmarks env", "Environment steps per second, single thread.", args);
        string id = cl.Text("env.name", EnvRegistry.DefaultId, "the registered environment to measure (gmcrl envs lists them)");
        double seconds = cl.Double("seconds", 3.0, "measuring time per configuration, in seconds", min: 0.1);
        int copies = cl.Int("copies", 8, "environments in the vector environment", min: 1);
        bool json = cl.Flag("json", "print one JSON object instead of a table");
        if (cl.ShowHelp(output)) return 0;
        var registration = EnvRegistry.Find(id) ?? throw new CommandLineException(
            $"GmcRL.Benchmarks env: no environment is registered as '{id}'; registered: {string.Join(", ", EnvRegistry.All.Select(r => r.Id))}.");

        var result = Measure(registration, seconds, copies, json ? TextWriter.Null : output);
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

    /// <summary>Measures every configuration of <paramref name="registration"/> for <paramref name="seconds"/> each (and, on
    /// the default environment, Pendulum-v1 with the true state as a reference).</summary>
    public static Result Measure(EnvRegistration registration, double seconds, int copies, TextWriter progress)
    {
        var cases = new List<Case>();
        if (registration.Id == EnvRegistry.DefaultId)
            cases.Add(Single("pendulum-state", "Pendulum-v1 with the true state, 200-step episodes",
                new TimeLimit<float[], float[]>(new Pendulum(), 200), Actions(new Box(1, -2, 2), 1), seconds, progress));
        cases.AddRange(registration.Accept(new Cases(seconds, copies, progress)));
        return new Result("env", MachineInfo.Current(), seconds, cases);
    }

    private sealed class Cases(double seconds, int copies, TextWriter progress) : IRegistrationVisitor<IReadOnlyList<Case>>
    {
        public IReadOnlyList<Case> Visit<TAction>(EnvRegistration<TAction> r)
        {
            string modalities = string.Join(" + ", r.Modalities.Modalities.Select(m => m.Name));
            IEnvironment<MultimodalObservation, TAction> Stacked() =>
                new TimeLimit<MultimodalObservation, TAction>(new FrameStack<TAction>(r.Make(new EnvContext(0)), r.FrameStack), r.EpisodeSteps);
            var actions = Actions(r.ActionSpace, 1);
            return
            [
                Single("multimodal-1frame", $"{r.Id}, {modalities}, one frame", new TimeLimit<MultimodalObservation, TAction>(r.Make(new EnvContext(0)), r.EpisodeSteps), actions, seconds, progress),
                Single($"multimodal-stack{r.FrameStack}", $"{modalities}, {r.FrameStack}-frame stack (the pipeline's observation)", Stacked(), actions, seconds, progress),
                Single($"multimodal-stack{r.FrameStack}-dropout", "as above, per-step dropout p = 0.3",
                    new ModalityDropout<TAction>(Stacked(), new DropSchedule.PerStep(Math.Min(0.3, (r.Modalities.Count - 1.0) / r.Modalities.Count))), actions, seconds, progress),
                Vector($"vector-{copies}x-stack{r.FrameStack}", $"{copies} stacked copies in one vector environment",
                    Enumerable.Range(0, copies).Select(_ => Stacked()).ToArray(), Actions(r.ActionSpace, 2), seconds, progress),
            ];
        }
    }

    // 4096 actions drawn once, so that sampling is not part of the measured step.
    private static TAction[] Actions<TAction>(ISpace<TAction> space, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, 4096).Select(_ => space.Sample(rng)).ToArray();
    }

    private static Case Single<TObs, TAction>(string name, string description, IEnvironment<TObs, TAction> env, TAction[] actions,
        double seconds, TextWriter progress)
    {
        env.Reset(0);
        long i = 0;
        void Chunk()
        {
            for (int k = 0; k < 1000; k++, i++)
                if (env.Step(actions[i & 4095]).Done) env.Reset();
        }
        return Time(name, description, 1, Chunk, seconds, progress);
    }

    private static Case Vector<TAction>(string name, string description, IEnvironment<MultimodalObservation, TAction>[] envs,
        TAction[] pool, double seconds, TextWriter progress)
    {
        var vec = new VectorEnvironment<MultimodalObservation, TAction>(envs, o => o.Clone());
        int copies = envs.Length;
        var actions = new TAction[copies];
        vec.Reset(0);
        long i = 0;
        void Chunk()
        {
            for (int k = 0; k < 1000 / copies + 1; k++)
            {
                for (int e = 0; e < copies; e++) actions[e] = pool[i++ & 4095];
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
