using GmcRL.Envs;

namespace GmcRL.Replays;

/// <summary>
/// What a replay is of: the environment and its settings, the modalities (one frame each), the agent, the
/// missing-modality condition and the episode's seed. Written once at the start of a replay file.
/// </summary>
public sealed record ReplayHeader
{
    /// <summary>The environment's name, e.g. "multimodal-pendulum".</summary>
    public required string Environment { get; init; }

    /// <summary>The environment's settings as text (for example JSON), for people reading the replay.</summary>
    public string Settings { get; init; } = "";

    /// <summary>The controller, e.g. "gmc + sac".</summary>
    public required string Agent { get; init; }

    /// <summary>The evaluation condition's name, e.g. "all", "image_only", "per_step_p0.3".</summary>
    public required string Condition { get; init; }

    /// <summary>The condition's drop schedule as text, e.g. "PerStep { Probability = 0.3 }".</summary>
    public string Schedule { get; init; } = "";

    /// <summary>The seed the episode was reset with.</summary>
    public int Seed { get; init; }

    /// <summary>The episode's index within its condition.</summary>
    public int Episode { get; init; }

    /// <summary>Environment time per step in seconds, e.g. the pendulum's dt = 0.05: the pace of the GIF, the audio and
    /// the viewer.</summary>
    public required double Dt { get; init; }

    /// <summary>Frames stacked in each observation, e.g. 2; the replay stores the newest one. 1 (no stacking) by default.</summary>
    public int FramesPerObservation { get; init; } = 1;

    /// <summary>The modalities of one frame (not stacked), in the observation's order.</summary>
    public required IReadOnlyList<ModalitySpec> Modalities { get; init; }

    /// <summary>Names of the state's components, e.g. theta and theta_dot; none by default (no state recorded).</summary>
    public IReadOnlyList<string> StateNames { get; init; } = [];

    /// <summary>Number of action components.</summary>
    public int ActionSize { get; init; } = 1;

    /// <summary>Number of latent components per step; 0 when the controller has no latent.</summary>
    public int LatentSize { get; init; }

    /// <summary>The voices the environment sounds as tones, one (frequency, amplitude) pair each per step; null for a
    /// silent replay (no audio, no voices' panel).</summary>
    public ReplayVoices? Voices { get; init; }

    /// <summary>The one-frame modalities of a spec whose every modality stacks <paramref name="frames"/> frames in its
    /// leading dimension (as <see cref="GmcRL.Envs.Wrappers.FrameStack{TAction}"/> makes them): what
    /// <see cref="Modalities"/> wants when only the stacked environment is at hand.</summary>
    public static IReadOnlyList<ModalitySpec> FrameModalities(ObservationSpec stacked, int frames)
    {
        if (frames == 1) return stacked.Modalities;
        return stacked.Modalities.Select(m => m.Shape.Count >= 2 && m.Shape[0] == frames
            ? new ModalitySpec(m.Name, m.Shape.Skip(1).ToArray(), m.ElementType, m.Low, m.High, m.Kind, m.Levels)
            : throw new ArgumentException($"Modality '{m.Name}' ({m}) does not stack {frames} frames in its leading dimension.", nameof(stacked))).ToArray();
    }

    /// <summary>The observation spec of the stacked observations the agent saw.</summary>
    public ObservationSpec ObservationSpec =>
        FramesPerObservation == 1 ? new ObservationSpec(Modalities) : new ObservationSpec(Modalities).Stacked(FramesPerObservation);

    /// <summary>The index of the first modality that is a 2-D <see cref="ModalityKind.Image"/> ([height, width] bytes): the
    /// one the renderers draw; -1 when there is none.</summary>
    public int ImageModality => IndexOf(m => m.Kind == ModalityKind.Image && m.Shape.Count == 2);

    /// <summary>The index of the modality the <see cref="Voices"/> follow; -1 for a silent replay.</summary>
    public int VoicesModality => Voices is null ? -1 : IndexOf(m => m.Name == Voices.Modality);

    /// <summary>The limits within which a replay is accepted (also when read from a file).</summary>
    internal const int MaxFramesPerObservation = 64, MaxStateSize = 64, MaxActionSize = 64, MaxLatentSize = 65_536,
        MaxFrameLength = 1 << 20, MaxTextLength = 1 << 20;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid property.</summary>
    public ReplayHeader Validated()
    {
        string? problem = Problem();
        return problem is null ? this : throw new ArgumentException($"Replay header: {problem}.");
    }

    /// <summary>The first problem with this header, or null when it is valid.</summary>
    internal string? Problem()
    {
        foreach (var (name, text) in new[] { ("Environment", Environment), ("Settings", Settings), ("Agent", Agent), ("Condition", Condition), ("Schedule", Schedule) })
            if (text is null || text.Length > MaxTextLength) return $"{name} must be text of at most {MaxTextLength} characters";
        if (!(Dt > 0 && Dt <= 60)) return $"Dt must lie in (0, 60] seconds (got {Dt})";
        if (FramesPerObservation is < 1 or > MaxFramesPerObservation) return $"FramesPerObservation must lie in 1..{MaxFramesPerObservation} (got {FramesPerObservation})";
        if (Modalities is null || Modalities.Count is < 1 or > PresenceMask.MaxModalities) return $"1 to {PresenceMask.MaxModalities} modalities are needed";
        if (Modalities.Any(m => m is null)) return "a modality is missing its spec";
        if (Modalities.Select(m => m.Name).Distinct().Count() != Modalities.Count) return "two modalities share a name";
        foreach (var m in Modalities)
        {
            if (m.Shape.Aggregate(1L, (a, b) => a * b) > MaxFrameLength) return $"modality '{m.Name}' has more than {MaxFrameLength} elements per frame";
            if (!double.IsFinite(m.Low) || !double.IsFinite(m.High)) return $"modality '{m.Name}' has non-finite bounds";
        }
        if (StateNames is null || StateNames.Count > MaxStateSize || StateNames.Any(n => n is null)) return $"StateNames must hold at most {MaxStateSize} names";
        if (ActionSize is < 0 or > MaxActionSize) return $"ActionSize must lie in 0..{MaxActionSize} (got {ActionSize})";
        if (LatentSize is < 0 or > MaxLatentSize) return $"LatentSize must lie in 0..{MaxLatentSize} (got {LatentSize})";
        if (Voices is not null)
        {
            if (Voices.Problem() is string voices) return $"Voices: {voices}";
            if (VoicesModality < 0)
                return $"Voices: they follow modality '{Voices.Modality}', which is not one of the modalities ({string.Join(", ", Modalities.Select(m => m.Name))})";
        }
        return null;
    }

    private int IndexOf(Func<ModalitySpec, bool> match)
    {
        for (int m = 0; m < Modalities.Count; m++) if (match(Modalities[m])) return m;
        return -1;
    }

    /// <inheritdoc/>
    public bool Equals(ReplayHeader? other) =>
        other is not null && Environment == other.Environment && Settings == other.Settings && Agent == other.Agent &&
        Condition == other.Condition && Schedule == other.Schedule && Seed == other.Seed && Episode == other.Episode &&
        Dt.Equals(other.Dt) && FramesPerObservation == other.FramesPerObservation && Modalities.SequenceEqual(other.Modalities) &&
        StateNames.SequenceEqual(other.StateNames) && ActionSize == other.ActionSize && LatentSize == other.LatentSize &&
        Equals(Voices, other.Voices);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Environment, Agent, Condition, Seed, Episode, Modalities.Count);
}
