#:project ../src/Api/GmcRL.Api.csproj
#:property PublishAot=false
// One picture of several runs' learning curves (the greedy evaluations during training, from each run's metrics.csv),
// scored as each run's environment scores an episode. Used for docs/benchmarks/hyperhot.md.
// Usage: dotnet run benchmarks/learning_curves.cs -- <out.png> "<title>" <label>=<run folder> ...
using GmcRL.Config;
using GmcRL.Reports;
using GmcRL.Runs;

if (args.Length < 3) { Console.Error.WriteLine("usage: dotnet run benchmarks/learning_curves.cs -- <out.png> \"<title>\" <label>=<run folder> ..."); return 2; }
var series = new List<(string Label, double[] Steps, double[] Values)>();
GmcRL.Envs.EpisodeScore? score = null;
foreach (string pair in args[2..])
{
    int eq = pair.IndexOf('=');
    var run = RunFolder.Open(pair[(eq + 1)..]);
    var env = RunEnvironment.Of(run.Config);
    score ??= env.Registration.Score;
    var (steps, values) = new MetricsFile(run.Metrics, env.EpisodeSteps).Curve(env.Registration.Score);
    series.Add((pair[..eq], steps, values));
}
string label = score == GmcRL.Envs.EpisodeScore.Return ? "mean evaluation return (greedy)" : "mean evaluation reward per step (greedy)";
File.WriteAllBytes(args[0], Plots.LearningCurve(series, args[1], label));
Console.WriteLine($"wrote {args[0]} ({series.Count} curves)");
return 0;
