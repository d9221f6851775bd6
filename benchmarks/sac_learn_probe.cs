#:project ../src/Api/GmcRL.Api.csproj
#:property PublishAot=false
// The quickstart's SAC loop through the public API on a finished run's encoder (issue 18): steps per second with and
// without agent.overlap, 6,000 steps (1,000 of them warm-up), no evaluations, no checkpoints, twice each, interleaved.
// Usage: dotnet run benchmarks/sac_learn_probe.cs -- <a finished quickstart run folder>
using System.Diagnostics;
using GmcRL;
using GmcRL.Agents;
using TorchSharp;
if (args.Length < 1) { Console.Error.WriteLine("usage: dotnet run benchmarks/sac_learn_probe.cs -- <run folder>"); return 2; }
using var run = TrainedRun.Open(args[0]);
foreach (bool overlap in new[] { true, false, true, false })
{
    using var agent = Agent.Create(run.Env, run.Encoder, new AgentSettings { Steps = 6_000, Hidden = [128, 128], BatchSize = 128 }, seed: 0);
    var sw = Stopwatch.StartNew();
    agent.Learn(options: new LearnOptions { EvalEvery = 0, CheckpointEvery = 0, Overlap = overlap, LearningStarts = 1_000 });
    double s = sw.Elapsed.TotalSeconds;
    Console.WriteLine($"overlap {overlap}: {6000 / s:F0} steps/s overall; garbage collections so far {GC.CollectionCount(0)}");
}
return 0;
