using GmcRL.Representation;
using GmcRL.Agents.Checkpoints;
using GmcRL.Agents.Optimization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Agents.Ddpg;

/// <summary>
/// Deep Deterministic Policy Gradient (Lillicrap et al. 2016, Algorithm 1) as the GMC paper's controller (docs/method.md §6),
/// without the reference's two flaws: the actor's tanh output is scaled to the whole action space, and truncated
/// episodes are bootstrapped. Exploration adds decaying Ornstein-Uhlenbeck noise in the unit box.
/// </summary>
public sealed class DdpgAgent : IAgent
{
    private readonly DdpgOptions _options;
    private readonly DdpgActor _actor;
    private readonly DdpgActor _actorTarget;
    private readonly DdpgCritic _critic;
    private readonly DdpgCritic _criticTarget;
    private readonly FlatParameters _actorParameters;
    private readonly FlatParameters _actorTargetParameters;
    private readonly FlatParameters _criticParameters;
    private readonly FlatParameters _criticTargetParameters;
    private readonly FusedAdam _actorOptimizer;
    private readonly FusedAdam _criticOptimizer;
    private readonly ActionScale _scale;
    private readonly OrnsteinUhlenbeckNoise _noise;
    private readonly LinearSchedule _sigma;
    private readonly CheckpointHeader _header;
    private long _updates;

    /// <summary>A fresh agent for <paramref name="featureSize"/> features and a continuous action space.</summary>
    public DdpgAgent(int featureSize, ActionSpec actions, DdpgOptions? options = null, int seed = 0)
    {
        if (featureSize <= 0) throw new ArgumentOutOfRangeException(nameof(featureSize), featureSize, "DDPG needs at least one feature.");
        if (actions.Kind != ActionKind.Continuous)
            throw new ArgumentException($"DDPG needs a continuous action space (got {actions}); use DQN for discrete actions.", nameof(actions));
        _options = (options ?? new DdpgOptions()).Validated();
        FeatureSize = featureSize;
        ActionSpec = actions;
        int a = actions.Width;
        var o = _options;
        (_actor, _actorTarget, _critic, _criticTarget) = TorchSeeding.Build(seed, () => (
            new DdpgActor(featureSize, o.ActorHidden, a),
            new DdpgActor(featureSize, o.ActorHidden, a),
            new DdpgCritic("critic", featureSize, a, o.CriticStateHidden, o.CriticJointHidden),
            new DdpgCritic("critic_target", featureSize, a, o.CriticStateHidden, o.CriticJointHidden)));
        _actorParameters = new FlatParameters(_actor, gradients: true);
        _actorTargetParameters = FlatParameters.TargetOf(_actorTarget, _actorParameters);
        _criticParameters = new FlatParameters(_critic, gradients: true);
        _criticTargetParameters = FlatParameters.TargetOf(_criticTarget, _criticParameters);
        _actorOptimizer = new FusedAdam(_actorParameters, o.ActorLearningRate);
        _criticOptimizer = new FusedAdam(_criticParameters, o.CriticLearningRate);
        _scale = new ActionScale(actions);
        _noise = new OrnsteinUhlenbeckNoise(a, o.NoiseTheta, new Random(seed));
        _sigma = new LinearSchedule(o.NoiseSigma, o.NoiseSigmaFinal, o.NoiseDecaySteps);
        _header = new CheckpointHeader(CheckpointHeader.AgentContent, Algorithm.Ddpg, featureSize, actions,
            $"actor [{string.Join(", ", o.ActorHidden)}], critic [{o.CriticStateHidden}, +action {o.CriticJointHidden}]");
    }

    /// <inheritdoc/>
    public Algorithm Algorithm => Algorithm.Ddpg;

    /// <inheritdoc/>
    public int FeatureSize { get; }

    /// <inheritdoc/>
    public ActionSpec ActionSpec { get; }

    /// <inheritdoc/>
    public int BatchSize => _options.BatchSize;

    /// <summary>The policy being trained (for the tests).</summary>
    internal DdpgActor Actor => _actor;

    /// <summary>The critic being trained (for the tests).</summary>
    internal DdpgCritic Critic => _critic;

    /// <summary>The noise scale at training step <paramref name="step"/>.</summary>
    public double NoiseSigmaAt(long step) => _sigma.ValueAt(step);

    /// <inheritdoc/>
    public void Act(ReadOnlySpan<float> features, Span<float> actions, ActMode mode)
    {
        int rows = FeatureRows.Count(features, FeatureSize, actions, ActionSpec.Width, "DDPG");
        using (var scope = NewDisposeScope())
        using (no_grad())
        using (var x = tensor(features.ToArray(), [rows, FeatureSize]))
            _actor.forward(x).Host().data<float>().CopyTo(actions);
        if (mode.Explore)
        {
            int width = ActionSpec.Width;
            double sigma = _sigma.ValueAt(mode.Step);
            for (int i = 0; i < rows; i++) _noise.AddTo(i, sigma, actions.Slice(i * width, width));
        }
        _scale.ToEnvironment(actions);
    }

    /// <inheritdoc/>
    public void ResetExploration(int slot) => _noise.Reset(slot);

    /// <inheritdoc/>
    public void Reseed(int seed) => _noise.Reseed(seed);

    /// <inheritdoc/>
    /// <remarks>Gradients by hand rather than by autograd, as SAC's: the backward passes are the chain rule of the
    /// networks' forward passes, checked against autograd's gradients in the tests.</remarks>
    public UpdateMetrics Update(Batch batch)
    {
        FeatureRows.Check(batch, FeatureSize, ActionSpec.Width, "DDPG");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var b = BatchTensors.From(batch);
        var actions = _scale.ToUnit(b.Actions);

        // Critic target: y = r + gamma (1 - terminated) Q'(s', mu'(s')).
        var y = Target(b);

        // Critic: mean squared error to y, whose gradient with respect to each value is 2 (Q - y) / B.
        var (q, criticPass) = _critic.ForwardKeeping(b.Features, actions);
        var error = q.sub_(y);
        float criticLoss = error.square().mean().item<float>();
        using (var twicePerRow = Scalars.Of(2.0 / batch.Size))
            _critic.WeightGradients(error.mul_(twicePerRow), criticPass);
        _criticOptimizer.Step();

        // Actor: ascend Q(s, mu(s)) through the updated critic: the loss -mean Q has gradient -1 / B per value.
        var (mu, actorInputs) = _actor.ForwardKeeping(b.Features);
        var (qMu, actorPass) = _critic.ForwardKeeping(b.Features, mu);
        float actorLoss = -qMu.mean().item<float>();
        using var minusPerRow = Scalars.Of(-1.0 / batch.Size);
        var actionGradient = _critic.ActionGradient(full_like(qMu, minusPerRow), actorPass);
        _actor.Backward(mu, actorInputs, actionGradient);
        _actorOptimizer.Step();

        // Target networks: Polyak averaging.
        SoftUpdate.Apply(_criticTargetParameters, _criticParameters, _options.Tau);
        SoftUpdate.Apply(_actorTargetParameters, _actorParameters, _options.Tau);
        _updates++;
        return new UpdateMetrics(criticLoss, actorLoss);
    }

    /// <inheritdoc/>
    public float[] Targets(Batch batch)
    {
        FeatureRows.Check(batch, FeatureSize, ActionSpec.Width, "DDPG");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return Target(BatchTensors.From(batch)).Host().data<float>().ToArray();
    }

    private Tensor Target(BatchTensors b) =>
        b.Target(_options.Gamma, _criticTarget.forward(b.NextFeatures, _actorTarget.forward(b.NextFeatures)));

    /// <inheritdoc/>
    public void Save(string path) => CheckpointFile.Write(path, _header, writer =>
    {
        TorchState.Write(writer, _actor, _actorTarget, _critic, _criticTarget);
        _actorOptimizer.Save(writer);
        _criticOptimizer.Save(writer);
        writer.Write(_updates);
    });

    /// <inheritdoc/>
    public void Load(string path) => CheckpointFile.Read(path, _header, reader =>
    {
        TorchState.Read(reader, _actor, _actorTarget, _critic, _criticTarget);
        _actorOptimizer.Load(reader);
        _criticOptimizer.Load(reader);
        _updates = reader.ReadInt64();
    });

    /// <inheritdoc/>
    public void Dispose()
    {
        _actor.Dispose();
        _actorTarget.Dispose();
        _critic.Dispose();
        _criticTarget.Dispose();
        _actorOptimizer.Dispose();
        _criticOptimizer.Dispose();
        foreach (var flat in new[] { _actorParameters, _actorTargetParameters, _criticParameters, _criticTargetParameters }) flat.Dispose();
        _scale.Dispose();
    }
}
