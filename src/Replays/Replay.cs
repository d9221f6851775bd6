using GmcRL.Envs;
using MessagePack;

namespace GmcRL.Replays;

/// <summary>
/// One recorded evaluation episode: its <see cref="ReplayHeader"/>, then per step what the agent saw and did — the
/// environment's state, the newest frame of each modality, the presence mask, the action, the reward the action got,
/// the latent (the features the agent saw: standardised when its run set agent.standardize_features), and (with
/// <see cref="ReplayHeader.Voices"/>) each voice's frequency and amplitude for sonification.
/// </summary>
/// <remarks>
/// Step t holds observation t (t = 0 is the reset's), the action chosen from it and the reward that action got. A
/// missing modality's frame reads as zeros, as the agent saw it. The agent's stack at step t is the newest frames of
/// steps t-F+1 .. t (step 0 repeated at the start); where one of those was dropped, its content can be recomputed
/// from the recorded state. Read and written by <see cref="ReplayFile"/>; made by <see cref="ReplayRecorder"/>.
/// </remarks>
[MessagePackFormatter(typeof(ReplayFormatter))]
public sealed class Replay
{
    private readonly double[] _states;
    private readonly uint[] _masks;
    private readonly float[] _actions;
    private readonly double[] _rewards;
    private readonly float[] _latents;
    private readonly float[] _voices;
    private readonly ModalityFrames[] _frames;

    internal Replay(ReplayHeader header, int count, double[] states, uint[] masks, float[] actions, double[] rewards,
        float[] latents, float[] voices, ModalityFrames[] frames)
    {
        Header = header;
        Count = count;
        _states = states;
        _masks = masks;
        _actions = actions;
        _rewards = rewards;
        _latents = latents;
        _voices = voices;
        _frames = frames;
    }

    /// <summary>What the replay is of.</summary>
    public ReplayHeader Header { get; }

    /// <summary>Number of recorded steps.</summary>
    public int Count { get; }

    /// <summary>Number of voices per step (0 for a silent replay).</summary>
    public int VoiceCount => Header.Voices?.Count ?? 0;

    /// <summary>The sum of the rewards.</summary>
    public double Return => _rewards.Sum();

    /// <summary>The environment's state at step <paramref name="step"/>.</summary>
    public ReadOnlySpan<double> State(int step) => _states.AsSpan(Index(step) * Header.StateNames.Count, Header.StateNames.Count);

    /// <summary>Which modalities the agent had at step <paramref name="step"/>.</summary>
    public PresenceMask Mask(int step) => new(_masks[Index(step)]);

    /// <summary>The action chosen at step <paramref name="step"/>.</summary>
    public ReadOnlySpan<float> Action(int step) => _actions.AsSpan(Index(step) * Header.ActionSize, Header.ActionSize);

    /// <summary>The reward the action of step <paramref name="step"/> got.</summary>
    public double Reward(int step) => _rewards[Index(step)];

    /// <summary>The latent at step <paramref name="step"/> (empty when the controller has none).</summary>
    public ReadOnlySpan<float> Latent(int step) => _latents.AsSpan(Index(step) * Header.LatentSize, Header.LatentSize);

    /// <summary>The voices at step <paramref name="step"/>: per voice (frequency in Hz, amplitude), heard or not (see
    /// <see cref="Mask"/>). Empty for a silent replay.</summary>
    public ReadOnlySpan<float> Voices(int step) => _voices.AsSpan(Index(step) * VoiceCount * 2, VoiceCount * 2);

    /// <summary>The newest frame of a <see cref="ElementType.UInt8"/> modality at step <paramref name="step"/>.</summary>
    public ReadOnlySpan<byte> Bytes(int step, int modality)
    {
        var f = Frames(modality);
        if (f.Bytes is null) throw new InvalidOperationException($"Modality '{f.Spec.Name}' holds floats, not bytes.");
        int slot = f.Slots[Index(step)];
        return slot < 0 ? f.Zeros : f.Bytes.AsSpan(slot * f.Spec.Length, f.Spec.Length);
    }

    /// <summary>The newest frame of a <see cref="ElementType.Float32"/> modality at step <paramref name="step"/>.</summary>
    public ReadOnlySpan<float> Floats(int step, int modality)
    {
        var f = Frames(modality);
        if (f.Floats is null) throw new InvalidOperationException($"Modality '{f.Spec.Name}' holds bytes, not floats.");
        int slot = f.Slots[Index(step)];
        return slot < 0 ? f.ZeroFloats : f.Floats.AsSpan(slot * f.Spec.Length, f.Spec.Length);
    }

    /// <summary>True when both replays hold the same header and the same values at every step.</summary>
    public bool ContentEquals(Replay other) =>
        Header.Equals(other.Header) && Count == other.Count && _states.AsSpan().SequenceEqual(other._states) &&
        _masks.AsSpan().SequenceEqual(other._masks) && _actions.AsSpan().SequenceEqual(other._actions) &&
        _rewards.AsSpan().SequenceEqual(other._rewards) && _latents.AsSpan().SequenceEqual(other._latents) &&
        _voices.AsSpan().SequenceEqual(other._voices) &&
        _frames.Zip(other._frames).All(p => p.First.Slots.AsSpan().SequenceEqual(p.Second.Slots) &&
            (p.First.Bytes ?? []).AsSpan().SequenceEqual(p.Second.Bytes ?? []) &&
            (p.First.Floats ?? []).AsSpan().SequenceEqual(p.Second.Floats ?? []));

    internal ModalityFrames Frames(int modality) =>
        modality >= 0 && modality < _frames.Length ? _frames[modality]
            : throw new ArgumentOutOfRangeException(nameof(modality), modality, $"The replay has {_frames.Length} modalities.");

    internal double[] States => _states;
    internal uint[] Masks => _masks;
    internal float[] Actions => _actions;
    internal double[] Rewards => _rewards;
    internal float[] Latents => _latents;
    internal float[] AllVoices => _voices;
    internal ModalityFrames[] AllFrames => _frames;

    private int Index(int step) =>
        step >= 0 && step < Count ? step : throw new ArgumentOutOfRangeException(nameof(step), step, $"The replay has steps 0..{Count - 1}.");
}
