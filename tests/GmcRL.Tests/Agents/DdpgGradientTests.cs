using GmcRL.Agents;
using GmcRL.Agents.Ddpg;
using GmcRL.Agents.Optimization;
using TorchSharp;
using static TorchSharp.torch;

namespace GmcRL.Tests.Agents;

/// <summary>DDPG's hand-written backward passes against autograd's on the same networks and inputs.</summary>
[Collection(AgentsCollection.Name)]
public class DdpgGradientTests
{
    private const int Rows = 32, Features = 5;

    private static float[][] Gradients(FlatParameters flat) => flat.Parameters.Select(p => p.grad!.data<float>().ToArray()).ToArray();

    private static void Close(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(v => Math.Abs(v));
        Assert.True(scale > 0, $"{what}: autograd gave no gradient to compare with");
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * scale + 1e-7, $"{what}, element {i}: autograd {expected[i]}, by hand {actual[i]}");
    }

    private static void Close(float[][] expected, float[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int p = 0; p < expected.Length; p++) Close(expected[p], actual[p], $"parameter {p}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_critics_weight_gradients_and_its_gradient_with_respect_to_the_actions_are_autograds(int actions)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var critic = new DdpgCritic("critic", Features, actions, 16, 12);
        using var flat = new FlatParameters(critic, gradients: true);
        var s = randn(Rows, Features);
        var a = rand(Rows, actions).mul(2).sub(1).requires_grad_();
        var y = randn(Rows, 1);

        flat.ZeroGradients();
        nn.functional.mse_loss(critic.forward(s, a), y).backward();
        var expected = Gradients(flat);
        var expectedActions = a.grad!.data<float>().ToArray();

        flat.Gradients!.fill_(7); // replaced, not added to
        using (no_grad())
        {
            var (q, pass) = critic.ForwardKeeping(s, a.detach());
            Close(critic.forward(s, a.detach()).data<float>().ToArray(), q.data<float>().ToArray(), "values");
            var valueGradient = q.sub(y).mul(2.0 / Rows);
            critic.WeightGradients(valueGradient, pass);
            Close(expectedActions, critic.ActionGradient(valueGradient, pass).data<float>().ToArray(), "actions");
        }
        Close(expected, Gradients(flat));
    }

    // One action element takes the last layer's product-and-sum path, two its matrix product.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_actors_gradients_are_autograds(int actions)
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var actor = new DdpgActor(Features, [16, 12], actions);
        using var flat = new FlatParameters(actor, gradients: true);
        var s = randn(Rows, Features);
        var actionWeights = randn(Rows, actions);

        flat.ZeroGradients();
        actor.forward(s).mul(actionWeights).sum().backward();
        var expected = Gradients(flat);

        flat.Gradients!.fill_(7);
        using (no_grad())
        {
            var (action, inputs) = actor.ForwardKeeping(s);
            Close(actor.forward(s).data<float>().ToArray(), action.data<float>().ToArray(), "actions");
            actor.Backward(action, inputs, actionWeights);
        }
        Close(expected, Gradients(flat));
    }

    [Fact]
    public void An_update_takes_the_critics_squared_error_gradient_then_the_actors_through_the_updated_critic()
    {
        using var scope = NewDisposeScope();
        var actionSpec = ActionSpec.Continuous([-2f], [2f]);
        var options = new DdpgOptions { ActorHidden = [16, 12], CriticStateHidden = 16, CriticJointHidden = 12 };
        using var agent = new DdpgAgent(Features, actionSpec, options, seed: 4);
        using var reference = new DdpgAgent(Features, actionSpec, options, seed: 4);
        var rng = new Random(5);
        var batch = new Batch(Rows, Features, 1);
        for (int i = 0; i < batch.Features.Length; i++) (batch.Features[i], batch.NextFeatures[i]) = ((float)rng.NextDouble(), (float)rng.NextDouble());
        for (int i = 0; i < Rows; i++)
        {
            batch.Actions[i] = (float)(rng.NextDouble() * 4 - 2);
            batch.Rewards[i] = (float)rng.NextDouble();
            batch.Terminated[i] = i % 7 == 0;
        }
        static float[][] Grads(nn.Module module) => module.parameters().Select(p => p.grad!.data<float>().ToArray()).ToArray();

        // The reference by autograd on the other agent's identical networks: the critic's squared error to the targets.
        var s = tensor(batch.Features, [Rows, Features]);
        var unitActions = tensor(batch.Actions, [Rows, 1]).div(2); // the action box is [-2, 2]
        var y = tensor(reference.Targets(batch), [Rows, 1]);
        foreach (var p in reference.Critic.parameters().Concat(reference.Actor.parameters())) p.grad!.zero_();
        nn.functional.mse_loss(reference.Critic.forward(s, unitActions), y).backward();
        var criticExpected = Grads(reference.Critic);

        agent.Update(batch);
        Close(criticExpected, Grads(agent.Critic));

        // The actor's gradient of -mean Q(s, mu(s)) through the critic as the update left it.
        using (no_grad())
            foreach (var (to, from) in reference.Critic.parameters().Zip(agent.Critic.parameters())) to.copy_(from);
        reference.Critic.forward(s, reference.Actor.forward(s)).mean().neg().backward();
        Close(Grads(reference.Actor), Grads(agent.Actor));
    }
}
