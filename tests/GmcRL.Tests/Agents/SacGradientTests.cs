using GmcRL.Agents.Optimization;
using GmcRL.Agents.Sac;
using TorchSharp;
using static TorchSharp.torch;

namespace GmcRL.Tests.Agents;

/// <summary>SAC's hand-written backward passes against autograd's on the same networks and inputs.</summary>
[Collection(AgentsCollection.Name)]
public class SacGradientTests
{
    private const int Rows = 32, Features = 5, Actions = 2;

    private static float[][] Gradients(FlatParameters flat) => flat.Parameters.Select(p => p.grad!.data<float>().ToArray()).ToArray();

    private static void Close(float[][] expected, float[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int p = 0; p < expected.Length; p++)
        {
            Assert.Equal(expected[p].Length, actual[p].Length);
            double scale = expected[p].Max(v => Math.Abs(v));
            Assert.True(scale > 0, $"parameter {p}: autograd gave no gradient to compare with");
            for (int i = 0; i < expected[p].Length; i++)
                Assert.True(Math.Abs(expected[p][i] - actual[p][i]) <= 1e-5 * scale + 1e-7,
                    $"parameter {p}, element {i}: autograd {expected[p][i]}, by hand {actual[p][i]}");
        }
    }

    [Fact]
    public void The_critics_weight_gradients_are_autograds()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var critic = new TwinQNetwork("critic", Features, Actions, [16, 12]);
        using var flat = new FlatParameters(critic, gradients: true);
        var s = randn(Rows, Features);
        var a = rand(Rows, Actions).mul(2).sub(1);
        var y = randn(Rows, 1);

        flat.ZeroGradients();
        critic.forward(s, a).sub(y).square().mean().backward();
        var expected = Gradients(flat);

        flat.Gradients!.fill_(7); // replaced, not added to
        using (no_grad())
        {
            var (q, inputs) = critic.ForwardKeeping(s, a);
            Assert.Equal(critic.forward(s, a).data<float>().ToArray(), q.data<float>().ToArray());
            var error = q.sub(y);
            critic.WeightGradients(error.mul(1.0 / Rows), inputs);
        }
        Close(expected, Gradients(flat));
    }

    [Fact]
    public void The_gradient_with_respect_to_the_actions_is_autograds_through_the_lower_critic()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var critic = new TwinQNetwork("critic", Features, Actions, [16, 12]);
        var s = randn(Rows, Features);
        var a = rand(Rows, Actions).mul(2).sub(1).requires_grad_();

        critic.Min(s, a).mean().neg().backward();
        var expected = a.grad!.data<float>().ToArray();

        using (no_grad())
        {
            var (q, inputs) = critic.ForwardKeeping(s, a.detach());
            var lowest = q.eq(q.amin([0])).to_type(ScalarType.Float32);
            Assert.Contains(1f, lowest[0].data<float>().ToArray());
            Assert.Contains(1f, lowest[1].data<float>().ToArray());
            var actual = critic.InputGradient(lowest.div(lowest.sum(0, keepdim: true)).mul(-1.0 / Rows), inputs, Features, Actions).data<float>().ToArray();
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-6);
        }
    }

    // One action element takes the heads' product-and-sum path, two the matrix products.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_actors_gradients_are_autograds_for_the_sample_and_its_log_probability_with_a_clamped_log_std(int actions)
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var actor = new SacActor(Features, [16, 12], actions);
        using var flat = new FlatParameters(actor, gradients: true);
        // The last action's log standard deviation far above the clamp's top (2) for every row: no gradient may
        // reach its weights through it.
        using (no_grad())
        {
            var logStd = actor.named_parameters().Single(p => p.name == "logStd.bias").parameter;
            logStd[actions - 1].fill_(40);
        }
        var s = randn(Rows, Features);
        var actionWeights = randn(Rows, actions);
        const double perLogProb = 0.37;

        flat.ZeroGradients();
        using (var generator = new Generator(11))
        {
            var (action, logProb) = actor.Sample(s, generator);
            action.mul(actionWeights).sum().add(logProb.sum().mul(perLogProb)).backward();
        }
        var expected = Gradients(flat);

        flat.Gradients!.fill_(7);
        using (no_grad())
        using (var generator = new Generator(11))
        {
            var pass = actor.SampleKeeping(s, generator);
            using (var again = new Generator(11))
            {
                var (action, logProb) = actor.Sample(s, again);
                Assert.Equal(action.data<float>().ToArray(), pass.Action.data<float>().ToArray());
                Assert.Equal(logProb.data<float>().ToArray(), pass.LogProb.data<float>().ToArray());
            }
            Assert.Equal(actions == 1 ? [0f] : [1f, 0f], pass.LogStdFree[0].data<float>().ToArray());
            actor.Backward(pass, actionWeights, perLogProb);
        }
        var actual = Gradients(flat);
        // The clamped head's row of the log-std weights has no gradient, by hand as by autograd.
        int logStdWeight = actor.named_parameters().Select(p => p.name).ToList().IndexOf("logStd.weight");
        Assert.All(actual[logStdWeight].Skip(12 * (actions - 1)), v => Assert.Equal(0f, v));
        if (actions == 1)
        {
            // Nothing reaches the log-std head: compare the rest, and that autograd agrees on the zeros.
            int logStdBias = logStdWeight + 1;
            Assert.All(expected[logStdWeight].Concat(expected[logStdBias]), v => Assert.Equal(0f, v));
            Assert.All(actual[logStdBias], v => Assert.Equal(0f, v));
            expected = expected.Where((_, p) => p != logStdWeight && p != logStdBias).ToArray();
            actual = actual.Where((_, p) => p != logStdWeight && p != logStdBias).ToArray();
        }
        Close(expected, actual);
    }
}
