namespace GmcRL.Agents.Dqn;

/// <summary>Double DQN's hyperparameters, with Stable-Baselines3's names (learning rate and batch size tuned for small control tasks).</summary>
public sealed record DqnOptions
{
    /// <summary>Hidden layer sizes of the Q network.</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [256, 256];

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Discount factor.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>Transitions per gradient step.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Gradient steps between target network updates.</summary>
    public int TargetUpdateInterval { get; init; } = 500;

    /// <summary>Polyak coefficient of each target update (1 copies the online network).</summary>
    public double Tau { get; init; } = 1.0;

    /// <summary>Epsilon of the epsilon-greedy policy when the agent begins to choose (the training loop's learning
    /// start, <see cref="ActMode.LearningStarts"/>).</summary>
    public double ExplorationInitial { get; init; } = 1.0;

    /// <summary>Epsilon after <see cref="ExplorationSteps"/>.</summary>
    public double ExplorationFinal { get; init; } = 0.05;

    /// <summary>Environment steps over which epsilon falls linearly from initial to final, counted from the learning
    /// start (MUSE's DQN: 1,500,000 after its 50,000 random steps).</summary>
    public long ExplorationSteps { get; init; } = 10_000;

    /// <summary>Gradients are clipped to this global norm (unless <see cref="MaxGradValue"/> is set).</summary>
    public double MaxGradNorm { get; init; } = 10;

    /// <summary>When set, each gradient element is clamped to [-MaxGradValue, MaxGradValue] instead (MUSE's DQN: 1).</summary>
    public double? MaxGradValue { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid property.</summary>
    public DqnOptions Validated()
    {
        const string owner = nameof(DqnOptions);
        OptionChecks.Layers(Hidden, owner, nameof(Hidden));
        OptionChecks.Positive(LearningRate, owner, nameof(LearningRate));
        OptionChecks.Discount(Gamma, owner, nameof(Gamma));
        OptionChecks.Positive(BatchSize, owner, nameof(BatchSize));
        OptionChecks.Positive(TargetUpdateInterval, owner, nameof(TargetUpdateInterval));
        OptionChecks.Fraction(Tau, owner, nameof(Tau));
        OptionChecks.Fraction(ExplorationInitial, owner, nameof(ExplorationInitial));
        OptionChecks.Fraction(ExplorationFinal, owner, nameof(ExplorationFinal));
        OptionChecks.NotNegative(ExplorationSteps, owner, nameof(ExplorationSteps));
        OptionChecks.Positive(MaxGradNorm, owner, nameof(MaxGradNorm));
        if (MaxGradValue is double value) OptionChecks.Positive(value, owner, nameof(MaxGradValue));
        return this;
    }
}
