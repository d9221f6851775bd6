namespace GmcRL.Agents.Training;

/// <summary>The training loop's settings, shared by every algorithm (Stable-Baselines3's names).</summary>
public sealed record TrainerOptions
{
    /// <summary>Seeds the environments, the warm-up actions and replay sampling.</summary>
    public int Seed { get; init; }

    /// <summary>Replay buffer capacity in transitions.</summary>
    public int BufferSize { get; init; } = 1_000_000;

    /// <summary>Environment steps taken with uniformly random actions, and without updates, before learning starts.</summary>
    public long LearningStarts { get; init; } = 100;

    /// <summary>Vector-environment steps between updates.</summary>
    public int TrainFrequency { get; init; } = 1;

    /// <summary>Gradient steps per update.</summary>
    public int GradientSteps { get; init; } = 1;

    /// <summary>Runs each step's gradient steps on a second thread while the environments step and the feature source
    /// encodes their observations. Their batches are then drawn before the step's own transitions are stored (those
    /// join the next batches), the one difference from running them one after the other as Stable-Baselines3 does;
    /// learning stays deterministic by seed. Faster on two or more cores whenever encoding costs time.</summary>
    public bool OverlapUpdates { get; init; }

    /// <summary>Environment steps between evaluations; 0 evaluates only when asked.</summary>
    public long EvaluationInterval { get; init; }

    /// <summary>Deterministic episodes per evaluation.</summary>
    public int EvaluationEpisodes { get; init; } = 10;

    /// <summary>Evaluation episode e is reset with seed EvaluationSeed + e, so every evaluation sees the same starts.</summary>
    public int EvaluationSeed { get; init; } = 1_000_000;

    /// <summary>Environment steps between synchronisation points (see <see cref="Trainer{TObservation,TAction}.Synchronise"/>),
    /// where a checkpoint is written when <see cref="CheckpointDirectory"/> is set; 0 none. Learning takes the same
    /// course with or without the folder: writing checkpoints never changes what is learned.</summary>
    public long CheckpointInterval { get; init; }

    /// <summary>Folder for checkpoints (agent-STEP.ckpt and training.ckpt); null writes none.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Episodes averaged in the progress line's recent return.</summary>
    public int RecentEpisodes { get; init; } = 10;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid property.</summary>
    public TrainerOptions Validated()
    {
        const string owner = nameof(TrainerOptions);
        OptionChecks.Positive(BufferSize, owner, nameof(BufferSize));
        OptionChecks.NotNegative(LearningStarts, owner, nameof(LearningStarts));
        OptionChecks.Positive(TrainFrequency, owner, nameof(TrainFrequency));
        OptionChecks.Positive(GradientSteps, owner, nameof(GradientSteps));
        OptionChecks.NotNegative(EvaluationInterval, owner, nameof(EvaluationInterval));
        OptionChecks.Positive(EvaluationEpisodes, owner, nameof(EvaluationEpisodes));
        OptionChecks.NotNegative(CheckpointInterval, owner, nameof(CheckpointInterval));
        if (CheckpointDirectory is not null && string.IsNullOrWhiteSpace(CheckpointDirectory))
            throw new ArgumentException($"{owner}.{nameof(CheckpointDirectory)} must name a folder, or be null for no checkpoints.");
        OptionChecks.Positive(RecentEpisodes, owner, nameof(RecentEpisodes));
        return this;
    }
}
