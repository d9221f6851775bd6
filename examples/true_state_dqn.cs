#:project ../src/Api/GmcRL.Api.csproj
#:property PublishAot=false

// DQN on the true state of a registered environment (Hyperhot by default): no representation to learn, no modality to
// lose. It is the upper bound a learned representation is measured against.
//   dotnet run examples/true_state_dqn.cs                          # Hyperhot, 100,000 steps: about 10 minutes
//   dotnet run examples/true_state_dqn.cs -- beacon-v1 --quick     # any environment with a true state, small
using GmcRL;
using GmcRL.Agents;

bool quick = args.Contains("--quick");
string id = args.FirstOrDefault(a => !a.StartsWith('-')) ?? "hyperhot-v1";

// The environment, and its true state (ship, enemies, bullets for Hyperhot) as the agent's features.
var env = Env.Make(id, evaluationSteps: quick ? 100 : null);
using var features = env.TrueStateFeatures();
Console.WriteLine($"{env.Id}: {features.FeatureSize} true-state features, actions {env.Registration.ActionSpaceText}");

// DQN (the environment's actions must be discrete, or a one-dimensional box that DQN divides into values).
var settings = new AgentSettings
{
    Algorithm = Algorithm.Dqn,
    Steps = quick ? 2_000 : 100_000,
    Hidden = [256, 256],
    LearningRate = 1e-4,
    ExplorationFraction = 0.3,
};
using var agent = Agent.Create(env, features, settings, seed: 0);

// Learning, with an evaluation every tenth of the way.
var result = agent.Learn(options: new LearnOptions
{
    LearningStarts = quick ? 500 : 5_000,
    EvalEvery = settings.Steps / 10,
    Progress = Console.Out,
});
Console.WriteLine($"learning curve (step: mean return): {string.Join(", ", result.Evaluations.Select(e => $"{e.Step}: {e.MeanReturn:F2}"))}");

// Greedy play against random actions on the same episodes (the true state ignores missing modalities, so one
// condition says it all).
var all = GmcRL.Agents.Evaluation.EvaluationCondition.Standard(features.Spec)[0];
var report = agent.Evaluate([all], new EvaluateOptions { Episodes = quick ? 4 : 100, Progress = Console.Out });
Console.WriteLine();
Console.Write(report.Table());
string saved = Path.Combine(Path.GetTempPath(), $"{env.Id}-true-state-dqn.ckpt");
agent.Save(saved); // Agent.Load(saved, env, features, settings) brings it back
Console.WriteLine($"\nsaved: {saved}");
