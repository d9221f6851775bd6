using GmcRL.Agents.Checkpoints;
using GmcRL.Agents.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using GmcRL.Representation;

namespace GmcRL.Agents.Sac;

/// <summary>
/// Soft Actor-Critic (Haarnoja et al. 2018, "Soft Actor-Critic Algorithms and Applications", Algorithm 1): twin Q
/// networks with Polyak-averaged targets, a squashed Gaussian policy, and the temperature alpha tuned so the policy's
/// entropy approaches a target (-|A| by default, eq. 18). Actions are scaled from the unit box to the action space.
/// </summary>
public sealed class SacAgent : IAgent
{
    private readonly SacOptions _options;
    private readonly SacActor _actor;
    private readonly TwinQNetwork _critic;
    private readonly TwinQNetwork _criticTarget;
    private readonly FlatParameters _actorParameters;
    private readonly FlatParameters _criticParameters;
    private readonly FlatParameters _targetParameters;
    private readonly FusedAdam _actorOptimizer;
    private readonly FusedAdam _criticOptimizer;
    private readonly EntropyTemperature _temperature;
    private readonly ActionScale _scale;
    private readonly Generator _generator;
    private readonly CheckpointHeader _header;
    private long _updates;

    /// <summary>A fresh agent for <paramref name="featureSize"/> features and a continuous action space.</summary>
    public SacAgent(int featureSize, ActionSpec actions, SacOptions? options = null, int seed = 0)
    {
        if (featureSize <= 0) throw new ArgumentOutOfRangeException(nameof(featureSize), featureSize, "SAC needs at least one feature.");
        if (actions.Kind != ActionKind.Continuous)
            throw new ArgumentException($"SAC needs a continuous action space (got {actions}); use DQN for discrete actions.", nameof(actions));
        _options = (options ?? new SacOptions()).Validated();
        FeatureSize = featureSize;
        ActionSpec = actions;
        var hidden = _options.Hidden;
        int a = actions.Width;
        (_actor, _critic, _criticTarget) = TorchSeeding.Build(seed, () => (
            new SacActor(featureSize, hidden, a),
            new TwinQNetwork("critic", featureSize, a, hidden),
            new TwinQNetwork("critic_target", featureSize, a, hidden)));
        _actorParameters = new FlatParameters(_actor, gradients: true);
        _criticParameters = new FlatParameters(_critic, gradients: true);
        _targetParameters = FlatParameters.TargetOf(_criticTarget, _criticParameters);

        double lr = _options.LearningRate;
        _actorOptimizer = new FusedAdam(_actorParameters, lr);
        _criticOptimizer = new FusedAdam(_criticParameters, lr);
        _temperature = new EntropyTemperature(_options.EntropyCoefficient ?? _options.InitialEntropyCoefficient, _options.TargetEntropy ?? -a, lr);
        _scale = new ActionScale(actions);
        _generator = new Generator((ulong)seed + 1, ComputeDevice.Current);
        _header = new CheckpointHeader(CheckpointHeader.AgentContent, Algorithm.Sac, featureSize, actions,
            $"actor [{string.Join(", ", hidden)}], stacked twin critics [{string.Join(", ", hidden)}]");
    }

    /// <inheritdoc/>
    public Algorithm Algorithm => Algorithm.Sac;

    /// <inheritdoc/>
    public int FeatureSize { get; }

    /// <inheritdoc/>
    public ActionSpec ActionSpec { get; }

    /// <inheritdoc/>
    public int BatchSize => _options.BatchSize;

    /// <summary>The current entropy coefficient alpha.</summary>
    public double EntropyCoefficient => _options.EntropyCoefficient ?? _temperature.Alpha;

    /// <summary>The entropy that automatic tuning aims for.</summary>
    public double TargetEntropy => _temperature.TargetEntropy;

    /// <inheritdoc/>
    public void Act(ReadOnlySpan<float> features, Span<float> actions, ActMode mode)
    {
        int rows = FeatureRows.Count(features, FeatureSize, actions, ActionSpec.Width, "SAC");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var x = tensor(features.ToArray(), [rows, FeatureSize]);
        var unit = mode.Explore ? _actor.Sample(x, _generator).Action : _actor.Greedy(x);
        unit.Host().data<float>().CopyTo(actions);
        _scale.ToEnvironment(actions);
    }

    /// <inheritdoc/>
    public void ResetExploration(int slot) { }

    /// <inheritdoc/>
    public void Reseed(int seed) => _generator.manual_seed(seed + 1L);

    /// <inheritdoc/>
    /// <remarks>Gradients by hand rather than by autograd: at these sizes an update is dominated by the cost per
    /// operator, which autograd's graph more than doubles (docs/benchmarks/agents.md). The backward passes are the
    /// chain rule of the networks' forward passes, checked against autograd's gradients in the tests.</remarks>
    public UpdateMetrics Update(Batch batch)
    {
        FeatureRows.Check(batch, FeatureSize, ActionSpec.Width, "SAC");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var b = BatchTensors.From(batch);
        var actions = _scale.ToUnit(b.Actions);
        double alpha = EntropyCoefficient;
        using var alphaScalar = Scalars.Of(alpha);
        using var perRow = Scalars.Of(1.0 / batch.Size);
        using var minusPerRow = Scalars.Of(-1.0 / batch.Size);

        // Critic target: y = r + gamma (1 - terminated) (min_j Q'_j(s', a') - alpha log pi(a'|s')), a' ~ pi(.|s').
        var y = SoftTarget(b, alphaScalar);

        // Critic: both Q networks regress on y. The loss is the mean over both of them, (MSE_1 + MSE_2) / 2, so its
        // gradient with respect to each value is (Q_j - y) / B.
        var (q, criticInputs) = _critic.ForwardKeeping(b.Features, actions);
        var error = q.sub_(y);
        float criticLoss = error.square().mean().item<float>();
        _critic.WeightGradients(error.mul_(perRow), criticInputs);
        _criticOptimizer.Step();

        // Actor: minimise mean(alpha log pi(a|s) - min_j Q_j(s, a)) with a reparameterised a ~ pi(.|s), through the
        // updated critics. The gradient reaches the critic with the lower value (shared on a tie, as autograd's amin).
        var pass = _actor.SampleKeeping(b.Features, _generator);
        var (qPi, actorInputs) = _critic.ForwardKeeping(b.Features, pass.Action);
        var qMin = qPi.amin([0]);
        float actorLoss = pass.LogProb.mul(alphaScalar).sub_(qMin).mean().item<float>();
        var valueGradient = qPi.eq(qMin).to_type(ScalarType.Float32);
        valueGradient.div_(valueGradient.sum(0, keepdim: true)).mul_(minusPerRow);
        var actionGradient = _critic.InputGradient(valueGradient, actorInputs, FeatureSize, ActionSpec.Width);
        _actor.Backward(pass, actionGradient, alpha / batch.Size);
        _actorOptimizer.Step();

        // Temperature: minimise -log alpha (log pi(a|s) + target entropy), pushing the entropy towards its target.
        if (_options.EntropyCoefficient is null)
            using (var meanLogProb = pass.LogProb.mean())
                _temperature.Step(meanLogProb.item<float>());

        // Target networks: Polyak averaging.
        SoftUpdate.Apply(_targetParameters, _criticParameters, _options.Tau);
        _updates++;
        return new UpdateMetrics(criticLoss, actorLoss, EntropyCoefficient);
    }

    /// <inheritdoc/>
    public float[] Targets(Batch batch)
    {
        FeatureRows.Check(batch, FeatureSize, ActionSpec.Width, "SAC");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var alpha = Scalars.Of(EntropyCoefficient);
        return SoftTarget(BatchTensors.From(batch), alpha).Host().data<float>().ToArray();
    }

    private Tensor SoftTarget(BatchTensors b, Scalar alpha)
    {
        var (nextActions, nextLogProb) = _actor.Sample(b.NextFeatures, _generator);
        var nextQ = _criticTarget.Min(b.NextFeatures, nextActions);
        // nextQ - alpha log pi
        return b.Target(_options.Gamma, nextQ.add(nextLogProb.mul(alpha), Scalars.MinusOne));
    }

    /// <inheritdoc/>
    public void Save(string path) => CheckpointFile.Write(path, _header, writer =>
    {
        TorchState.Write(writer, _actor, _critic, _criticTarget);
        _actorOptimizer.Save(writer);
        _criticOptimizer.Save(writer);
        _temperature.Save(writer);
        writer.Write(_updates);
    });

    /// <inheritdoc/>
    public void Load(string path) => CheckpointFile.Read(path, _header, reader =>
    {
        TorchState.Read(reader, _actor, _critic, _criticTarget);
        _actorOptimizer.Load(reader);
        _criticOptimizer.Load(reader);
        _temperature.Load(reader);
        _updates = reader.ReadInt64();
    });

    /// <inheritdoc/>
    public void Dispose()
    {
        _actor.Dispose();
        _critic.Dispose();
        _criticTarget.Dispose();
        _actorOptimizer.Dispose();
        _criticOptimizer.Dispose();
        _temperature.Dispose();
        _actorParameters.Dispose();
        _criticParameters.Dispose();
        _targetParameters.Dispose();
        _scale.Dispose();
        _generator.Dispose();
    }
}
