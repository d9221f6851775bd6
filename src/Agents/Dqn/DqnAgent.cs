using GmcRL.Representation;
using GmcRL.Agents.Checkpoints;
using GmcRL.Agents.Networks;
using GmcRL.Agents.Optimization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Agents.Dqn;

/// <summary>
/// Double DQN (van Hasselt, Guez and Silver 2016, eq. 4 in the DQN setting of Mnih et al. 2015): the online network
/// picks the next action, a periodically updated target network values it; Huber loss; epsilon-greedy exploration
/// on a linear schedule.
/// </summary>
public sealed class DqnAgent : IAgent
{
    private readonly DqnOptions _options;
    private readonly Mlp _q;
    private readonly Mlp _qTarget;
    private readonly FlatParameters _qParameters;
    private readonly FlatParameters _qTargetParameters;
    private readonly FusedAdam _optimizer;
    private readonly LinearSchedule _epsilon;
    private Random _rng;
    private readonly CheckpointHeader _header;
    private long _updates;

    /// <summary>A fresh agent for <paramref name="featureSize"/> features and a discrete action space.</summary>
    public DqnAgent(int featureSize, ActionSpec actions, DqnOptions? options = null, int seed = 0)
    {
        if (featureSize <= 0) throw new ArgumentOutOfRangeException(nameof(featureSize), featureSize, "DQN needs at least one feature.");
        if (actions.Kind != ActionKind.Discrete)
            throw new ArgumentException($"DQN needs a discrete action space (got {actions}); wrap the environment in DiscreteActions or use SAC or DDPG.", nameof(actions));
        _options = (options ?? new DqnOptions()).Validated();
        FeatureSize = featureSize;
        ActionSpec = actions;
        var hidden = _options.Hidden;
        // Xavier-uniform weights and zero biases, as MUSE's DQN (HYPERHOT-SPEC §4); the target starts as a copy.
        (_q, _qTarget) = TorchSeeding.Build(seed, () => (
            XavierMlp("q", featureSize, hidden, actions.Choices),
            new Mlp("q_target", featureSize, hidden, actions.Choices)));
        _qParameters = new FlatParameters(_q, gradients: true);
        _qTargetParameters = FlatParameters.TargetOf(_qTarget, _qParameters);
        _optimizer = new FusedAdam(_qParameters, _options.LearningRate);
        _epsilon = new LinearSchedule(_options.ExplorationInitial, _options.ExplorationFinal, _options.ExplorationSteps);
        _rng = new Random(seed);
        _header = new CheckpointHeader(CheckpointHeader.AgentContent, Algorithm.Dqn, featureSize, actions,
            $"q [{string.Join(", ", hidden)}]");
    }

    /// <inheritdoc/>
    public Algorithm Algorithm => Algorithm.Dqn;

    /// <inheritdoc/>
    public int FeatureSize { get; }

    /// <inheritdoc/>
    public ActionSpec ActionSpec { get; }

    /// <inheritdoc/>
    public int BatchSize => _options.BatchSize;

    /// <summary>The largest gradient element of the Q network after the last update (for tests of the clipping).</summary>
    internal float LargestGradient()
    {
        using var largest = _qParameters.Gradients!.abs().max();
        return largest.item<float>();
    }

    /// <summary>Epsilon at training step <paramref name="step"/> when the agent chooses from step
    /// <paramref name="learningStarts"/> on (the ramp starts there).</summary>
    public double EpsilonAt(long step, long learningStarts = 0) => _epsilon.ValueAt(ActMode.Exploring(step, learningStarts).StepsSinceLearningStarts);

    /// <summary>The online Q network's layers (for tests of the initialisation and the targets).</summary>
    internal IReadOnlyList<Linear> QLayers => _q.Layers;

    /// <summary>The target network's layers (for tests of the targets).</summary>
    internal IReadOnlyList<Linear> QTargetLayers => _qTarget.Layers;

    private static Mlp XavierMlp(string name, int input, IReadOnlyList<int> hidden, int output)
    {
        var mlp = new Mlp(name, input, hidden, output);
        foreach (var layer in mlp.Layers) XavierInit.Apply(layer);
        return mlp;
    }

    /// <inheritdoc/>
    public void Act(ReadOnlySpan<float> features, Span<float> actions, ActMode mode)
    {
        int rows = FeatureRows.Count(features, FeatureSize, actions, 1, "DQN");
        using (var scope = NewDisposeScope())
        using (no_grad())
        using (var x = tensor(features.ToArray(), [rows, FeatureSize]))
        {
            var greedy = _q.forward(x).argmax(1).Host().data<long>();
            for (int i = 0; i < rows; i++) actions[i] = greedy[i];
        }
        if (!mode.Explore) return;
        double epsilon = _epsilon.ValueAt(mode.StepsSinceLearningStarts);
        for (int i = 0; i < rows; i++)
            if (_rng.NextDouble() < epsilon) actions[i] = _rng.Next(ActionSpec.Choices);
    }

    /// <inheritdoc/>
    public void ResetExploration(int slot) { }

    /// <inheritdoc/>
    public void Reseed(int seed) => _rng = new Random(seed);

    /// <inheritdoc/>
    public UpdateMetrics Update(Batch batch)
    {
        FeatureRows.Check(batch, FeatureSize, 1, "DQN");
        using var scope = NewDisposeScope();
        var b = BatchTensors.From(batch);

        // Target: y = r + gamma (1 - terminated) Q'(s', argmax_a Q(s', a)).
        Tensor y;
        using (no_grad()) y = DoubleTarget(b);

        // Q network: Huber loss between Q(s, a) and y, gradients clipped by norm or, as MUSE, by value.
        var q = _q.forward(b.Features).gather(1, b.Actions.to_type(ScalarType.Int64));
        var loss = nn.functional.smooth_l1_loss(q, y);
        _optimizer.ZeroGrad();
        loss.backward();
        if (_options.MaxGradValue is double value) _qParameters.ClipGradientsByValue(value);
        else _qParameters.ClipGradientsByNorm(_options.MaxGradNorm);
        _optimizer.Step();

        // Target network: every TargetUpdateInterval gradient steps.
        _updates++;
        if (_updates % _options.TargetUpdateInterval == 0) SoftUpdate.Apply(_qTargetParameters, _qParameters, _options.Tau);
        return new UpdateMetrics(loss.item<float>());
    }

    /// <inheritdoc/>
    public float[] Targets(Batch batch)
    {
        FeatureRows.Check(batch, FeatureSize, 1, "DQN");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return DoubleTarget(BatchTensors.From(batch)).Host().data<float>().ToArray();
    }

    private Tensor DoubleTarget(BatchTensors b)
    {
        var nextAction = _q.forward(b.NextFeatures).argmax(1, keepdim: true);
        return b.Target(_options.Gamma, _qTarget.forward(b.NextFeatures).gather(1, nextAction));
    }

    /// <inheritdoc/>
    public void Save(string path) => CheckpointFile.Write(path, _header, writer =>
    {
        TorchState.Write(writer, _q, _qTarget);
        _optimizer.Save(writer);
        writer.Write(_updates);
    });

    /// <inheritdoc/>
    public void Load(string path) => CheckpointFile.Read(path, _header, reader =>
    {
        TorchState.Read(reader, _q, _qTarget);
        _optimizer.Load(reader);
        _updates = reader.ReadInt64();
    });

    /// <inheritdoc/>
    public void Dispose()
    {
        _q.Dispose();
        _qTarget.Dispose();
        _optimizer.Dispose();
        _qParameters.Dispose();
        _qTargetParameters.Dispose();
    }
}
