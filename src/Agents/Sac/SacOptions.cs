namespace GmcRL.Agents.Sac;

/// <summary>Soft Actor-Critic's hyperparameters, with Stable-Baselines3's names and defaults.</summary>
public sealed record SacOptions
{
    /// <summary>Hidden layer sizes of the actor and of each Q network.</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [256, 256];

    /// <summary>Adam learning rate of actor, critics and temperature.</summary>
    public double LearningRate { get; init; } = 3e-4;

    /// <summary>Discount factor.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>Polyak coefficient of the target Q networks.</summary>
    public double Tau { get; init; } = 0.005;

    /// <summary>Transitions per gradient step.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>A fixed entropy coefficient alpha; null tunes it automatically towards <see cref="TargetEntropy"/>.</summary>
    public double? EntropyCoefficient { get; init; }

    /// <summary>Alpha at the start of automatic tuning.</summary>
    public double InitialEntropyCoefficient { get; init; } = 1.0;

    /// <summary>The policy entropy that tuning aims for; null means -|A| (minus the action dimension).</summary>
    public double? TargetEntropy { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid property.</summary>
    public SacOptions Validated()
    {
        const string owner = nameof(SacOptions);
        OptionChecks.Layers(Hidden, owner, nameof(Hidden));
        OptionChecks.Positive(LearningRate, owner, nameof(LearningRate));
        OptionChecks.Discount(Gamma, owner, nameof(Gamma));
        OptionChecks.Fraction(Tau, owner, nameof(Tau));
        OptionChecks.Positive(BatchSize, owner, nameof(BatchSize));
        if (EntropyCoefficient is double alpha) OptionChecks.Positive(alpha, owner, nameof(EntropyCoefficient));
        OptionChecks.Positive(InitialEntropyCoefficient, owner, nameof(InitialEntropyCoefficient));
        if (TargetEntropy is double h && !double.IsFinite(h))
            throw new ArgumentException($"{owner}.{nameof(TargetEntropy)} must be finite (got {h}).");
        return this;
    }
}
