using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using GmcRL.Agents;
using GmcRL.Agents.Ddpg;
using GmcRL.Agents.Dqn;
using GmcRL.Agents.Sac;
using GmcRL.Agents.Training;
using GmcRL.Envs;
using GmcRL.Progress;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Vector;
using GmcRL.Envs.Wrappers;
using GmcRL.Representation;
using TorchSharp;

namespace GmcRL.Benchmarks;

/// <summary>
/// `GmcRL.Benchmarks agents`: the learning checks of issue 4 on Pendulum-v1 with the true state and 200-step episodes.
/// SAC should reach a mean return of -200 within 20,000 steps, DQN over 5 torque choices -250 within 30,000; DDPG
/// (the GMC paper's controller) is reported. Prints returns, wall time and steps per second per run.
/// </summary>
public static class AgentBenchmark
{
    private const int EpisodeSteps = 200;
    private const int EvaluationInterval = 5_000;
    private const int TorqueChoiceCount = 5;

    /// <summary>Runs the benchmark with command-line <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output)
    {
        var settings = AgentBenchmarkSettings.Parse(args, output);
        if (settings is null) return 0;
        torch.set_num_threads(settings.Threads);
        var progressWriter = settings.Json ? Console.Error : output;
        bool interactive = ReferenceEquals(progressWriter, Console.Out) ? !Console.IsOutputRedirected
            : ReferenceEquals(progressWriter, Console.Error) && !Console.IsErrorRedirected;

        var wall = Stopwatch.StartNew();
        var runs = new List<AgentRun>();
        foreach (var algorithm in settings.Algorithms)
            for (int seed = settings.FirstSeed; seed < settings.FirstSeed + settings.Seeds; seed++)
            {
                if (!settings.Json) output.WriteLine($"{algorithm} seed {seed}:");
                long steps = settings.Steps ?? DefaultSteps(algorithm);
                AgentRun run;
                using (var bar = new ProgressBar(progressWriter, algorithm.Name(), steps, "steps", interactive))
                    run = Train(algorithm, seed, steps, settings, p => bar.Report(p.Step, p.Figure));
                runs.Add(run);
                if (!settings.Json) output.WriteLine(Describe(run));
            }
        wall.Stop();

        if (settings.Json) output.WriteLine(JsonSerializer.Serialize(Report(settings, args, runs, wall.Elapsed.TotalSeconds),
            new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
        else WriteSummary(output, runs, wall.Elapsed.TotalSeconds, settings);
        return 0;
    }

    private static AgentRun Train(Algorithm algorithm, int seed, long steps, AgentBenchmarkSettings settings, Action<TrainingProgress> progress)
    {
        var trainer = new TrainerOptions
        {
            Seed = seed,
            EvaluationInterval = EvaluationInterval,
            EvaluationEpisodes = 10,
            BufferSize = algorithm == Algorithm.Ddpg ? 25_000 : 1_000_000,
            LearningStarts = algorithm switch { Algorithm.Sac => 100, _ => 1_000 },
        };
        var box = (Box)Pendulum(0).ActionSpace;
        switch (algorithm)
        {
            case Algorithm.Sac:
            {
                using var agent = new SacAgent(3, ActionSpec.Continuous(box), Sized(new SacOptions { LearningRate = 1e-3 }, settings), seed);
                return Train(agent, Pendulum, new BoxActionEncoding(box), trainer, steps, settings, progress, Target(algorithm));
            }
            case Algorithm.Dqn:
            {
                var discrete = new Discrete(TorqueChoiceCount);
                var options = Sized(new DqnOptions { ExplorationSteps = steps / 5 }, settings);
                using var agent = new DqnAgent(3, ActionSpec.Discrete(discrete), options, seed);
                IEnvironment<float[], int> Choices(int s) => new DiscreteActions<float[]>(Pendulum(s), TorqueChoiceCount);
                return Train(agent, Choices, new DiscreteActionEncoding(discrete), trainer, steps, settings, progress, Target(algorithm));
            }
            default:
            {
                var options = new DdpgOptions { NoiseDecaySteps = steps };
                if (settings.BatchSize is int ddpgBatch) options = options with { BatchSize = ddpgBatch };
                using var agent = new DdpgAgent(3, ActionSpec.Continuous(box), options, seed);
                return Train(agent, Pendulum, new BoxActionEncoding(box), trainer, steps, settings, progress, null);
            }
        }
    }

    private static SacOptions Sized(SacOptions o, AgentBenchmarkSettings s) =>
        o with { Hidden = s.Hidden ?? o.Hidden, BatchSize = s.BatchSize ?? o.BatchSize };

    private static DqnOptions Sized(DqnOptions o, AgentBenchmarkSettings s) =>
        o with { Hidden = s.Hidden ?? o.Hidden, BatchSize = s.BatchSize ?? o.BatchSize };

    private static AgentRun Train<TAction>(IAgent agent, Func<int, IEnvironment<float[], TAction>> make,
        IActionEncoding<TAction> encoding, TrainerOptions options, long steps, AgentBenchmarkSettings settings,
        Action<TrainingProgress> progress, double? target)
    {
        int seed = options.Seed;
        var envs = new VectorEnvironment<float[], TAction>(
            Enumerable.Range(0, settings.Environments).Select(i => make(seed * 1000 + i)).ToArray(), o => (float[])o.Clone());
        var trainer = new Trainer<float[], TAction>(agent, new StateFeatures(3), envs, make(seed * 1000 + 999), encoding, options);
        var result = trainer.Run(steps, progress);
        var evaluations = result.Evaluations.ToList();
        if (evaluations.Count == 0 || evaluations[^1].Step != result.Steps) evaluations.Add(trainer.Evaluate());
        var final = evaluations[^1];
        return new AgentRun(agent.Algorithm.Name(), seed, result.Steps, final.MeanReturn, final.StdReturn,
            evaluations.Select(e => new EvaluationPoint(e.Step, e.MeanReturn, e.StdReturn)).ToList(),
            result.WallSeconds, result.StepsPerSecond, result.LearningStepsPerSecond, target,
            target is double t ? final.MeanReturn >= t : null);
    }

    private static IEnvironment<float[], float[]> Pendulum(int seed) =>
        new TimeLimit<float[], float[]>(new Pendulum(seed: seed), EpisodeSteps);

    private static long DefaultSteps(Algorithm algorithm) => algorithm == Algorithm.Dqn ? 30_000 : 20_000;

    private static double? Target(Algorithm algorithm) => algorithm switch
    {
        Algorithm.Sac => -200,
        Algorithm.Dqn => -250,
        _ => null,
    };

    private static string Describe(AgentRun r)
    {
        string target = r.Target is double t ? string.Create(CultureInfo.InvariantCulture, $" | target {t}: {(r.TargetMet == true ? "met" : "MISSED")}") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"  final eval {r.FinalMeanReturn:F1} +- {r.FinalStdReturn:F1} at {r.Steps} steps" +
            $" | {r.WallSeconds:F1} s | {r.StepsPerSecond:F0} steps/s ({r.LearningStepsPerSecond:F0} with updates){target}");
    }

    private static void WriteSummary(TextWriter output, List<AgentRun> runs, double wallSeconds, AgentBenchmarkSettings settings)
    {
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"algo",-5} {"seeds",5} {"final mean",11} {"min",8} {"max",8} {"steps/s",8} {"target",7} met"));
        foreach (var group in runs.GroupBy(r => r.Algorithm))
        {
            var finals = group.Select(r => r.FinalMeanReturn).ToArray();
            var first = group.First();
            string met = first.Target is null ? "-" : $"{group.Count(r => r.TargetMet == true)}/{group.Count()}";
            string target = first.Target?.ToString(CultureInfo.InvariantCulture) ?? "-";
            int count = group.Count();
            double stepsPerSecond = group.Average(r => r.LearningStepsPerSecond);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{group.Key,-5} {count,5} {finals.Average(),11:F1} {finals.Min(),8:F1} {finals.Max(),8:F1} {stepsPerSecond,8:F0} {target,7} {met}"));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wall time {wallSeconds:F0} s, {settings.Threads} TorchSharp thread(s), {MachineInfo.Current()}"));
    }

    private static object Report(AgentBenchmarkSettings settings, string[] args, List<AgentRun> runs, double wallSeconds) => new
    {
        Command = "GmcRL.Benchmarks agents " + string.Join(' ', args),
        Machine = MachineInfo.Current(),
        settings.Threads,
        settings.Environments,
        WallSeconds = wallSeconds,
        Runs = runs,
    };
}
