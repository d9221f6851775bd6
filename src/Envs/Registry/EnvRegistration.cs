using System.Text.RegularExpressions;

namespace GmcRL.Envs.Registry;

/// <summary>
/// Everything the pipeline needs to know of an environment, declared once by the environment (Gymnasium's
/// <c>register</c> is the model): an id with a version, a seeded factory, and the defaults and hooks that collection,
/// pretraining, the true-state bound and replays read. Its modalities and action space are those of the environment the
/// factory makes; <see cref="EnvRegistry.Register"/> makes one copy to read them and to check the declaration.
/// </summary>
public abstract record EnvRegistration
{
    private static readonly Regex IdPattern = new("^[a-z0-9][a-z0-9_-]*-v[0-9]+$", RegexOptions.CultureInvariant);

    /// <summary>The id, a lower-case name and a version: <c>multimodal-pendulum-v1</c>.</summary>
    public required string Id { get; init; }

    /// <summary>One line for listings.</summary>
    public string Description { get; init; } = "";

    /// <summary>Frames stacked per observation unless a run says otherwise.</summary>
    public int FrameStack { get; init; } = 1;

    /// <summary>Steps per training episode (a time limit: truncation) unless a run says otherwise.</summary>
    public int EpisodeSteps { get; init; } = 1_000;

    /// <summary>While collecting pretraining data, reset every K steps (null: one long run, resetting only when an
    /// episode terminates), unless a run says otherwise.</summary>
    public int? CollectResetEvery { get; init; } = 300;

    /// <summary>How the true state becomes features for the true-state upper bound; null when the environment offers
    /// none (its runs cannot use the true_state representation).</summary>
    public TrueState? TrueState { get; init; }

    /// <summary>How observations are scaled to the collected data; null when they need no fitting.</summary>
    public ICalibration? Calibration { get; init; }

    /// <summary>What an evaluation episode scores: the average reward per step (the default, the reference's for
    /// control tasks of fixed length) or, for a game that ends by its own rules, the total reward.</summary>
    public EpisodeScore Score { get; init; } = EpisodeScore.RewardPerStep;

    /// <summary>How replays play.</summary>
    public ReplayStyle Replay { get; init; } = new(0.05);

    /// <summary>The modalities of one frame, read from a made copy at registration.</summary>
    public ObservationSpec Modalities { get; private set; } = null!;

    /// <summary>The action space as text, e.g. <c>Box(1, [-2, 2])</c> or <c>Discrete(6)</c>.</summary>
    public abstract string ActionSpaceText { get; }

    /// <summary>Whether the actions are one of N choices (else a vector in a box).</summary>
    public abstract bool HasDiscreteActions { get; }

    /// <summary>Numbers per action: the box's size, or 1 (the index) for discrete actions.</summary>
    public abstract int ActionSize { get; }

    /// <summary>Calls back <paramref name="visitor"/> with this registration's action type.</summary>
    public abstract TResult Accept<TResult>(IRegistrationVisitor<TResult> visitor);

    /// <summary>Makes one copy and checks the declaration against it; returns the first problem or null.</summary>
    internal string? Check()
    {
        if (string.IsNullOrEmpty(Id) || !IdPattern.IsMatch(Id))
            return $"id '{Id}' is not a lower-case name with a version, such as my-env-v1";
        if (FrameStack < 1) return $"FrameStack must be at least 1 (got {FrameStack})";
        if (EpisodeSteps < 1) return $"EpisodeSteps must be at least 1 (got {EpisodeSteps})";
        if (CollectResetEvery is int k && k < 1) return $"CollectResetEvery must be at least 1 step or null (got {k})";
        if (TrueState?.Problem() is string state) return state;
        if (Replay is null || !(Replay.StepSeconds > 0 && Replay.StepSeconds <= 60)) return "Replay.StepSeconds must lie in (0, 60]";
        ObservationSpec spec;
        try
        {
            spec = MakeSpec();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return $"making it failed: {e.Message}";
        }
        if (Replay.Sound is { } tones)
        {
            if (!spec.Modalities.Any(m => m.Name == tones.Modality))
                return $"Replay.Sound names modality '{tones.Modality}', which the environment does not have ({string.Join(", ", spec.Modalities.Select(m => m.Name))})";
            if (tones.Voices.Count is < 1 or > 16) return "Replay.Sound needs 1 to 16 voices";
            if (TrueState is null) return "Replay.Sound computes tones from the true state, so the registration needs a TrueState";
        }
        Modalities = spec;
        return null;
    }

    private protected abstract ObservationSpec MakeSpec();
}

/// <summary>An environment with actions of type <typeparamref name="TAction"/>: <c>float[]</c> in a <see cref="Box"/> or
/// <c>int</c> in a <see cref="Discrete"/> space.</summary>
public sealed record EnvRegistration<TAction> : EnvRegistration
{
    /// <summary>Makes a copy: seeded, observing on the given calibration (null: the environment's default scale).</summary>
    public required Func<EnvContext, IEnvironment<MultimodalObservation, TAction>> Factory { get; init; }

    /// <summary>The action that collection takes at each step; null: uniformly random from the action space.</summary>
    public Func<ISpace<TAction>, Random, TAction>? CollectAction { get; init; }

    /// <summary>The action space, read from a made copy at registration.</summary>
    public ISpace<TAction> ActionSpace { get; private set; } = null!;

    /// <inheritdoc/>
    public override string ActionSpaceText => ActionSpace?.ToString() ?? "";

    /// <inheritdoc/>
    public override bool HasDiscreteActions => ActionSpace is Discrete;

    /// <inheritdoc/>
    public override int ActionSize => ActionSpace is Box box ? box.Size : 1;

    /// <summary>Makes a copy of the environment: frame by frame, without frame stack or time limit.</summary>
    public IEnvironment<MultimodalObservation, TAction> Make(EnvContext context)
    {
        var env = Factory(context);
        if (env.ObservationSpace is not MultimodalSpace)
            throw new InvalidOperationException($"Environment '{Id}': its factory made an environment whose observations are not multimodal.");
        return env;
    }

    /// <summary>The action collection takes.</summary>
    public TAction CollectionAction(Random rng) => CollectAction is { } act ? act(ActionSpace, rng) : ActionSpace.Sample(rng);

    /// <inheritdoc/>
    public override TResult Accept<TResult>(IRegistrationVisitor<TResult> visitor) => visitor.Visit(this);

    private protected override ObservationSpec MakeSpec()
    {
        if (Factory is null) throw new InvalidOperationException("it has no Factory");
        var env = Factory(new EnvContext(0));
        if (env is null) throw new InvalidOperationException("its Factory returned null");
        if (env.ObservationSpace is not MultimodalSpace space)
            throw new InvalidOperationException($"its observation space is {env.ObservationSpace}, not a MultimodalSpace");
        if (env.ActionSpace is not (Box or Discrete))
            throw new InvalidOperationException($"its action space {env.ActionSpace} is neither a Box nor a Discrete space; the agents take one of those");
        ActionSpace = env.ActionSpace;
        return space.Spec;
    }
}

/// <summary>Does something with a registration for its action type (the pipeline's one generic entry point).</summary>
public interface IRegistrationVisitor<out TResult>
{
    /// <summary>Called with the registration, typed.</summary>
    TResult Visit<TAction>(EnvRegistration<TAction> registration);
}
