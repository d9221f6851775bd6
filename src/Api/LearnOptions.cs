using GmcRL.Agents.Training;

namespace GmcRL;

/// <summary>How <see cref="Agent.Learn"/> trains: the replay buffer, the random warm-up, evaluations, checkpoints,
/// progress and callbacks. The defaults are <c>gmcrl run</c>'s.</summary>
public sealed record LearnOptions
{
    /// <summary>Modalities missing while the agent trains (null: none, the paper's protocol). The training copies of
    /// the environment drop them as this schedule says, seeded like the episodes; the training evaluations keep every
    /// modality.</summary>
    public Envs.Wrappers.DropSchedule? TrainDrops { get; init; }

    /// <summary>Transitions the replay buffer keeps.</summary>
    public int BufferSize { get; init; } = 100_000;

    /// <summary>Steps of uniformly random actions before learning starts.</summary>
    public long LearningStarts { get; init; } = 1_000;

    /// <summary>One gradient step every this many environment steps after the warm-up (SB3's train_freq; MUSE's DQN: 4).</summary>
    public int TrainEvery { get; init; } = 1;

    /// <summary>Environment copies stepped side by side, their observations encoded in one batch and their actions
    /// chosen in one call (SB3's n_envs). Only a speed setting: gradient steps stay one per <see cref="TrainEvery"/>
    /// environment steps, so one of the two must divide the other; the step counts (steps, warm-up, evaluation and
    /// checkpoint intervals) must be multiples of it.</summary>
    public int Envs { get; init; } = 1;

    /// <summary>Runs each gradient step on a second thread while the environments step and the frozen encoder encodes
    /// what they show (the step's batch is drawn before its own transitions are stored: they join the next one). False
    /// runs the two one after the other, as Stable-Baselines3 does. Deterministic by seed either way.</summary>
    public bool Overlap { get; init; } = true;

    /// <summary>Evaluate the greedy policy (all modalities present) every this many steps; 0 never.</summary>
    public long EvalEvery { get; init; } = 2_000;

    /// <summary>Episodes per evaluation.</summary>
    public int EvalEpisodes { get; init; } = 5;

    /// <summary>Write a resumable checkpoint (agent, optimiser, replay buffer) to <see cref="CheckpointFolder"/> every
    /// this many steps; 0 never. Learning restarts its random streams and episodes at these steps even without a
    /// folder, so the same options learn the same agent whether checkpoints are written or not.</summary>
    public long CheckpointEvery { get; init; } = 5_000;

    /// <summary>Where checkpoints go; when it holds one already, learning continues from it. Null: no checkpoints.</summary>
    public string? CheckpointFolder { get; init; }

    /// <summary>TorchSharp's intra-op threads while learning (restored after): small networks learn fastest on one.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Where the progress bar goes (<c>Console.Out</c>); null draws none.</summary>
    public TextWriter? Progress { get; init; }

    /// <summary>Called as learning goes (evaluations, early stop).</summary>
    public IReadOnlyList<LearnCallback> Callbacks { get; init; } = [];

    /// <summary>Stops learning at the next evaluation boundary, after a checkpoint when <see cref="CheckpointFolder"/>
    /// is set, so that learning again with the same options continues exactly where it stopped.</summary>
    public CancellationToken Stop { get; init; }
}

/// <summary>A hook into <see cref="Agent.Learn"/> (Stable-Baselines3's <c>BaseCallback</c>). Override what you need.</summary>
public abstract class LearnCallback
{
    /// <summary>Learning starts (or continues from a checkpoint) at <paramref name="step"/>.</summary>
    public virtual void OnStart(long step) { }

    /// <summary>After each evaluation; return false to stop learning (early stop).</summary>
    public virtual bool OnEvaluation(TrainingEvaluation evaluation) => true;
}

/// <summary>Stops learning once an evaluation's mean return reaches <paramref name="meanReturn"/> (SB3's
/// <c>StopTrainingOnRewardThreshold</c>).</summary>
public sealed class StopOnReturn(double meanReturn) : LearnCallback
{
    /// <inheritdoc/>
    public override bool OnEvaluation(TrainingEvaluation evaluation) => evaluation.MeanReturn < meanReturn;
}

/// <summary>Saves <paramref name="agent"/> to <paramref name="path"/> whenever an evaluation's mean return beats every
/// earlier one (SB3's <c>EvalCallback</c> with a best-model path). The evaluations use their own episodes (seeds from
/// 1,000,000), never the ones <see cref="Agent.Evaluate"/> scores, so choosing by them does not flatter the final
/// evaluation.</summary>
public sealed class KeepBest(Agent agent, string path) : LearnCallback
{
    /// <summary>The highest mean return so far; set it before learning resumes, so that only a better one replaces the
    /// saved agent. Negative infinity at first.</summary>
    public double BestReturn { get; set; } = double.NegativeInfinity;

    /// <summary>The step of the evaluation that saved the agent in this learning, or null.</summary>
    public long? BestStep { get; private set; }

    /// <inheritdoc/>
    public override bool OnEvaluation(TrainingEvaluation evaluation)
    {
        if (evaluation.MeanReturn > BestReturn)
        {
            BestReturn = evaluation.MeanReturn;
            BestStep = evaluation.Step;
            agent.Save(path);
        }
        return true;
    }
}

/// <summary>What <see cref="Agent.Learn"/> did.</summary>
/// <param name="Steps">Environment steps taken in all (counting any before a resume).</param>
/// <param name="Evaluations">The evaluations of this call, in order.</param>
/// <param name="Stopped">True when a callback or <see cref="LearnOptions.Stop"/> ended learning early.</param>
public sealed record LearnResult(long Steps, IReadOnlyList<TrainingEvaluation> Evaluations, bool Stopped)
{
    /// <summary>Gradient steps taken in all (SB3's n_updates).</summary>
    public long Updates { get; init; }

    /// <summary>Environment steps per second of this call after learning started, with their gradient steps;
    /// evaluations and checkpoints left out. 0 when no step of this call learned.</summary>
    public double LearningStepsPerSecond { get; init; }
}
