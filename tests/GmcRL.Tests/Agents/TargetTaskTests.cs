using System.Diagnostics;
using GmcRL.Agents;
using GmcRL.Agents.Ddpg;
using GmcRL.Agents.Evaluation;
using GmcRL.Agents.Sac;
using GmcRL.Agents.Training;
using GmcRL.Envs;
using GmcRL.Envs.Checking;
using GmcRL.Envs.Vector;
using GmcRL.Representation;
using Xunit.Abstractions;

namespace GmcRL.Tests.Agents;

/// <summary>SAC and DDPG each learn the one-step <see cref="TargetEnvironment"/> (act on the target you are shown,
/// reward -(a - s)^2), trained by the real <see cref="Trainer{TObservation, TAction}"/>. The deterministic policy's mean
/// reward over the same evaluation targets is compared with a threshold that no policy ignoring the target can reach
/// (the best of those, a = 0, scores -1/3); the untrained agent and uniformly random actions are measured as controls.</summary>
[Collection(AgentsCollection.Name)]
public class TargetTaskTests(ITestOutputHelper output)
{
    // A root mean squared distance from the target below 0.14, against at least 0.58 (sqrt(1/3)) for any blind policy.
    private const double Solved = -0.02;
    private const int EvaluationEpisodes = 200;

    [Fact]
    public void The_target_environment_passes_the_checker()
    {
        var problems = EnvChecker.Check(() => new TargetEnvironment(), steps: 50);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Sac_solves_the_target_task_within_1000_steps()
    {
        using var agent = new SacAgent(1, Actions, new SacOptions { Hidden = [32, 32], BatchSize = 64, LearningRate = 3e-3 }, seed: 0);
        AssertSolves(agent, steps: 1_000);
    }

    [Fact]
    public void Ddpg_solves_the_target_task_within_1000_steps()
    {
        using var agent = new DdpgAgent(1, Actions, new DdpgOptions
        {
            ActorHidden = [32, 32], CriticStateHidden = 32, CriticJointHidden = 32, BatchSize = 64,
            ActorLearningRate = 1e-3, CriticLearningRate = 3e-3,
        }, seed: 0);
        AssertSolves(agent, steps: 1_000);
    }

    private static readonly Box ActionBox = (Box)new TargetEnvironment().ActionSpace;
    private static ActionSpec Actions => ActionSpec.Continuous(ActionBox);

    private void AssertSolves(IAgent agent, long steps)
    {
        var options = new TrainerOptions { Seed = 0, BufferSize = 10_000, LearningStarts = 100, EvaluationEpisodes = EvaluationEpisodes };
        var trainer = new Trainer<float[], float[]>(agent, new StateFeatures(1),
            new VectorEnvironment<float[], float[]>([new TargetEnvironment()], o => (float[])o.Clone()), new TargetEnvironment(),
            new BoxActionEncoding(ActionBox), options);

        var clock = Stopwatch.StartNew();
        double untrained = trainer.Evaluate().MeanReturn;
        var result = trainer.Run(steps);
        double trained = trainer.Evaluate().MeanReturn;
        double random = RandomReturn(options);
        output.WriteLine($"{agent.Algorithm}: random {random:F4}, untrained {untrained:F4}, trained {trained:F4} (threshold {Solved}), {result.Updates} updates, {clock.Elapsed.TotalSeconds:F1} s");

        Assert.Equal(steps, result.Episodes); // one step per episode
        Assert.True(random < Solved, $"the random control scored {random:F4}, above the threshold {Solved}: the task is too easy");
        Assert.True(untrained < Solved, $"the untrained {agent.Algorithm} agent scored {untrained:F4}, above the threshold {Solved}: the task is too easy");
        Assert.True(trained > Solved, $"after {steps} steps the {agent.Algorithm} agent scored {trained:F4}, below the threshold {Solved} (random {random:F4}, untrained {untrained:F4})");
    }

    // Uniformly random actions on the evaluation's targets (episode e reset with EvaluationSeed + e, as Evaluate does).
    private static double RandomReturn(TrainerOptions options)
    {
        var env = new TargetEnvironment();
        var policy = new RandomPolicy<float[], float[]>(env.ActionSpace, seed: 0);
        var action = new float[1][];
        double sum = 0;
        for (int e = 0; e < options.EvaluationEpisodes; e++)
        {
            float[] target = env.Reset(options.EvaluationSeed + e).Observation;
            policy.Act([target], action);
            sum += env.Step(action[0]).Reward;
        }
        return sum / options.EvaluationEpisodes;
    }
}
