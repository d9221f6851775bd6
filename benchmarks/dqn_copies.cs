#:project ../src/Api/GmcRL.Api.csproj
#:property PublishAot=false
// DQN steps per second with the frozen GMC encoder in the loop, on 1 and on N environment copies stepped side by side
// (agent.envs), for a finished run's encoder (issue 17: "stepping several game copies at once ... where that is faster").
// Usage: dotnet run benchmarks/dqn_copies.cs -- <run folder> [steps] [copies...]   (a copy count ending in s, such
// as 4s, runs the gradient steps after each step instead of beside it: agent.overlap false)
// MUSE's DQN settings (512 units, batch 128, an update every 4 steps); the first 10,000 steps are random actions,
// then learning; the figure counts the learning steps only. One intra-op thread, as gmcrl run's agent stage.
using System.Diagnostics;
using GmcRL;
using GmcRL.Agents;

if (args.Length < 1) { Console.Error.WriteLine("usage: dotnet run benchmarks/dqn_copies.cs -- <run folder> [steps] [copies...]"); return 2; }
using var run = TrainedRun.Open(args[0]);
long steps = args.Length > 1 ? long.Parse(args[1]) : 40_000;
(int N, bool Overlap)[] copies = args.Length > 2 ? args[2..].Select(a => (int.Parse(a.TrimEnd('s')), !a.EndsWith('s'))).ToArray() : [(1, true), (4, true)];
var env = run.Env;
Console.WriteLine($"dqn_copies: {env.Id}, {run.Encoder.FeatureSize}-d {run.Folder.RepresentationName} features, {steps:N0} steps (10,000 random first), load {File.ReadAllText("/proc/loadavg").Trim()}");
foreach (var (n, overlap) in copies)
{
    var settings = new AgentSettings { Algorithm = Algorithm.Dqn, Steps = steps, Hidden = [512], BatchSize = 128, LearningRate = 1e-4, TargetUpdateInterval = 2_500, ExplorationInitial = 0.1, ExplorationFinal = 0.01 };
    using var agent = Agent.Create(env, run.Encoder, settings, seed: 0);
    var options = new LearnOptions { Envs = n, LearningStarts = 10_000, TrainEvery = 4, EvalEvery = 0, CheckpointEvery = 0, BufferSize = 100_000, Overlap = overlap };
    agent.Learn(10_000, options);
    var clock = Stopwatch.StartNew();
    var result = agent.Learn(steps, options);
    double seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"  {n} cop{(n == 1 ? "y " : "ies")}, overlap {(overlap ? "on " : "off")}: {(steps - 10_000) / seconds,7:N0} steps/s with updates ({result.Updates:N0} gradient steps in all)");
}
return 0;
