#:project ../src/Api/GmcRL.Api.csproj
#:property PublishAot=false

// A finished run folder, evaluated under a dropout schedule of your own: bursts of 50 steps in which one modality,
// chosen at random, is missing.
//   dotnet run examples/evaluate_run.cs -- runs/<folder>              # a folder that `gmcrl run` left
//   dotnet run examples/evaluate_run.cs -- runs/<folder> --quick      # fewer episodes
using GmcRL;
using GmcRL.Agents.Evaluation;
using GmcRL.Envs.Wrappers;

if (args.Length == 0 || args[0].StartsWith('-'))
{
    Console.Error.WriteLine("usage: dotnet run examples/evaluate_run.cs -- <run folder> [--quick]");
    return 2;
}
bool quick = args.Contains("--quick");

// The run's environment (with its settings), its frozen representation and its trained agent.
using var run = TrainedRun.Open(args[0]);
Console.WriteLine($"{run.Folder.Path}: {run.Agent.AlgorithmName} on {run.Agent.RepresentationName} for {run.Env.Id}");

// Every 50 steps, one modality chosen at random goes missing for the next 50 (the others stay).
var bursts = new DropSchedule.Custom("bursts_50", (step, random, dropped) =>
{
    if (step % 50 != 0) return; // a burst lasts 50 steps: leave the choice standing
    dropped.Clear();
    dropped[random.Next(dropped.Length)] = true;
});

// Beside it, the same episodes with everything present, so the table can say how much of the reward survives.
var all = EvaluationCondition.Standard(run.Encoder.Spec)[0];
var report = run.Agent.Evaluate([all, new EvaluationCondition("bursts_50", null, bursts)],
    new EvaluateOptions { Episodes = quick ? 4 : 100, Progress = Console.Out });
Console.WriteLine();
Console.Write(report.Table());
return 0;
