namespace GmcRL.Agents.Ddpg;

/// <summary>DDPG's hyperparameters, with the GMC paper's controller as defaults (docs/method.md §6).</summary>
public sealed record DdpgOptions
{
    /// <summary>Hidden layer sizes of the actor (features -> hidden -> action, tanh).</summary>
    public IReadOnlyList<int> ActorHidden { get; init; } = [256, 256];

    /// <summary>Width of the critic's first layer, which sees the features only.</summary>
    public int CriticStateHidden { get; init; } = 256;

    /// <summary>Width of the critic's second layer, which sees the first layer's output and the action.</summary>
    public int CriticJointHidden { get; init; } = 256;

    /// <summary>Adam learning rate of the actor.</summary>
    public double ActorLearningRate { get; init; } = 1e-4;

    /// <summary>Adam learning rate of the critic.</summary>
    public double CriticLearningRate { get; init; } = 1e-3;

    /// <summary>Discount factor.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>Polyak coefficient of the target networks.</summary>
    public double Tau { get; init; } = 0.001;

    /// <summary>Transitions per gradient step.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Mean reversion rate theta of the Ornstein-Uhlenbeck noise (in unit-box action units, dt = 1).</summary>
    public double NoiseTheta { get; init; } = 0.15;

    /// <summary>Noise scale sigma at step 0.</summary>
    public double NoiseSigma { get; init; } = 0.2;

    /// <summary>Noise scale after <see cref="NoiseDecaySteps"/>.</summary>
    public double NoiseSigmaFinal { get; init; } = 0;

    /// <summary>Environment steps over which sigma falls linearly to its final value.</summary>
    public long NoiseDecaySteps { get; init; } = 100_000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid property.</summary>
    public DdpgOptions Validated()
    {
        const string owner = nameof(DdpgOptions);
        OptionChecks.Layers(ActorHidden, owner, nameof(ActorHidden));
        OptionChecks.Positive(CriticStateHidden, owner, nameof(CriticStateHidden));
        OptionChecks.Positive(CriticJointHidden, owner, nameof(CriticJointHidden));
        OptionChecks.Positive(ActorLearningRate, owner, nameof(ActorLearningRate));
        OptionChecks.Positive(CriticLearningRate, owner, nameof(CriticLearningRate));
        OptionChecks.Discount(Gamma, owner, nameof(Gamma));
        OptionChecks.Fraction(Tau, owner, nameof(Tau));
        OptionChecks.Positive(BatchSize, owner, nameof(BatchSize));
        OptionChecks.Fraction(NoiseTheta, owner, nameof(NoiseTheta));
        OptionChecks.NotNegative(NoiseSigma, owner, nameof(NoiseSigma));
        OptionChecks.NotNegative(NoiseSigmaFinal, owner, nameof(NoiseSigmaFinal));
        OptionChecks.NotNegative(NoiseDecaySteps, owner, nameof(NoiseDecaySteps));
        return this;
    }
}
