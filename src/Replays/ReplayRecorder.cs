using GmcRL.Envs;

namespace GmcRL.Replays;

/// <summary>
/// Records one episode at a time into a <see cref="Replay"/>: <see cref="Begin"/> with the header, then per step
/// <see cref="Record"/> with what the agent saw and did and, for a header with <see cref="ReplayHeader.Voices"/>, the
/// voices the environment computed for that step (before the environment steps, since it overwrites its observation
/// and state buffers) and <see cref="Rewarded"/> with the reward the action got, then <see cref="Save"/>
/// (or <see cref="Finish"/>). A recorder can be reused for the next episode; its buffers grow once and are kept.
/// </summary>
/// <example><code>
/// var recorder = new ReplayRecorder();
/// recorder.Begin(header);                               // once per episode
/// var (obs, info) = env.Reset(seed);
/// while (true) {
///     policy.Act(obs, action);                          // the action chosen from obs
///     voicesOf(info.State.Span, voices);               // the environment's (Hz, amplitude) per voice, if any
///     recorder.Record(obs, info.State.Span, action, latent, voices);
///     var r = env.Step(action);
///     recorder.Rewarded(r.Reward);
///     if (r.Done) break;
///     (obs, info) = (r.Observation, r.Info);
/// }
/// recorder.Save(Path.Combine(run.Replays, ReplayFile.Name(condition, episode)));
/// </code></example>
public sealed class ReplayRecorder
{
    private readonly List<double> _states = [];
    private readonly List<uint> _masks = [];
    private readonly List<float> _actions = [];
    private readonly List<double> _rewards = [];
    private readonly List<float> _latents = [];
    private readonly List<float> _voices = [];
    private readonly List<List<byte>> _bytes = [];
    private readonly List<List<float>> _floats = [];
    private readonly List<List<int>> _slots = [];
    private ReplayHeader? _header;
    private ObservationSpec? _spec;

    /// <summary>The header of the episode being recorded; null before <see cref="Begin"/>.</summary>
    public ReplayHeader? Header => _header;

    /// <summary>Steps recorded since <see cref="Begin"/>.</summary>
    public int Count => _masks.Count;

    /// <summary>Starts a new episode, dropping any steps recorded so far. Throws <see cref="ArgumentException"/> for an
    /// invalid header.</summary>
    public void Begin(ReplayHeader header)
    {
        _header = header.Validated();
        _spec = header.ObservationSpec;
        _states.Clear(); _masks.Clear(); _actions.Clear(); _rewards.Clear(); _latents.Clear(); _voices.Clear();
        while (_bytes.Count < header.Modalities.Count) { _bytes.Add([]); _floats.Add([]); _slots.Add([]); }
        for (int m = 0; m < _bytes.Count; m++) { _bytes[m].Clear(); _floats[m].Clear(); _slots[m].Clear(); }
    }

    /// <summary>Records one step before the environment takes it: the observation the agent acted on (stacked as it saw
    /// it; its newest frame is kept), the environment's state at that observation, the action chosen, and the latent the
    /// controller computed from the observation (empty when it has none), and the step's voices: per voice of
    /// <see cref="ReplayHeader.Voices"/> its (frequency in Hz, amplitude), heard by the agent or not (empty for a silent
    /// replay). Follow it with <see cref="Rewarded"/>.</summary>
    public void Record(MultimodalObservation observation, ReadOnlySpan<double> state, ReadOnlySpan<float> action,
        ReadOnlySpan<float> latent = default, ReadOnlySpan<float> voices = default)
    {
        var header = _header ?? throw new InvalidOperationException("Call Begin with the episode's header before recording steps.");
        if (_rewards.Count != Count) throw new InvalidOperationException($"Step {Count - 1} has no reward yet: call Rewarded after each Record.");
        if (!observation.Spec.Equals(_spec))
            throw new ArgumentException($"The observation's spec ({observation.Spec}) is not the header's ({_spec}).", nameof(observation));
        if (state.Length != header.StateNames.Count)
            throw new ArgumentException($"The state has {state.Length} values; the header names {header.StateNames.Count}.", nameof(state));
        if (action.Length != header.ActionSize)
            throw new ArgumentException($"The action has {action.Length} values; the header says {header.ActionSize}.", nameof(action));
        if (latent.Length != header.LatentSize)
            throw new ArgumentException($"The latent has {latent.Length} values; the header says {header.LatentSize}.", nameof(latent));
        int voiceCount = header.Voices?.Count ?? 0;
        if (voices.Length != 2 * voiceCount)
            throw new ArgumentException($"The voices have {voices.Length} values; the header's {voiceCount} voices call for {2 * voiceCount} " +
                "(frequency in Hz and amplitude per voice).", nameof(voices));
        foreach (double x in state) if (!double.IsFinite(x)) throw new ArgumentException("The state must be finite.", nameof(state));
        foreach (float x in action) if (!float.IsFinite(x)) throw new ArgumentException("The action must be finite.", nameof(action));
        // The reader accepts only what can be sounded, so nothing recorded here becomes an unreadable file.
        for (int i = 0; i < voiceCount; i++)
            if (!ReplayVoices.Usable(voices[2 * i], voices[2 * i + 1]))
                throw new ArgumentException($"Voice '{header.Voices!.Names[i]}' has frequency {voices[2 * i]} Hz and amplitude {voices[2 * i + 1]}; " +
                    "a voice needs a finite positive frequency and a finite amplitude of at least 0.", nameof(voices));
        if (Count == int.MaxValue / 64) throw new InvalidOperationException("A replay holds at most 33 million steps.");

        var mask = new PresenceMask(observation.Mask.Bits & PresenceMask.All(header.Modalities.Count).Bits);
        for (int m = 0; m < header.Modalities.Count; m++)
        {
            int length = header.Modalities[m].Length;
            if (!mask.Has(m))
            {
                _slots[m].Add(-1);
                continue;
            }
            var spec = header.Modalities[m];
            if (spec.ElementType == ElementType.UInt8)
            {
                ReadOnlySpan<byte> frame = observation.Bytes(m)[^length..];
                // Binary frames are stored as bits, so only 0 and 1 survive a round trip.
                if (ModalityFrames.IsBinary(spec) && frame.IndexOfAnyExcept((byte)0, (byte)1) >= 0)
                    throw new ArgumentException($"Modality '{spec.Name}' is binary but its frame holds a value other than 0 or 1.", nameof(observation));
                _slots[m].Add(_bytes[m].Count / length);
                _bytes[m].AddRange(frame);
            }
            else
            {
                ReadOnlySpan<float> frame = observation.Floats(m)[^length..];
                foreach (float x in frame)
                    if (!float.IsFinite(x)) throw new ArgumentException($"Modality '{spec.Name}' holds a non-finite value.", nameof(observation));
                _slots[m].Add(_floats[m].Count / length);
                _floats[m].AddRange(frame);
            }
        }
        _masks.Add(mask.Bits);
        _states.AddRange(state);
        _actions.AddRange(action);
        _latents.AddRange(latent);
        _voices.AddRange(voices);
    }

    /// <summary>Records the reward the action of the last recorded step got.</summary>
    public void Rewarded(double reward)
    {
        if (_rewards.Count == Count) throw new InvalidOperationException(Count == 0 ? "Record a step before its reward." : $"Step {Count - 1} already has its reward.");
        if (!double.IsFinite(reward)) throw new ArgumentException($"The reward must be finite (got {reward}).", nameof(reward));
        _rewards.Add(reward);
    }

    /// <summary>The episode recorded so far, as an independent <see cref="Replay"/>.</summary>
    public Replay Finish()
    {
        var header = _header ?? throw new InvalidOperationException("Nothing recorded: call Begin and Record first.");
        if (_rewards.Count != Count) throw new InvalidOperationException($"Step {Count - 1} has no reward yet: call Rewarded after each Record.");
        var frames = header.Modalities.Select((spec, m) => new ModalityFrames(spec, _slots[m].ToArray(),
            spec.ElementType == ElementType.UInt8 ? _bytes[m].ToArray() : null,
            spec.ElementType == ElementType.Float32 ? _floats[m].ToArray() : null)).ToArray();
        return new Replay(header, Count, _states.ToArray(), _masks.ToArray(), _actions.ToArray(), _rewards.ToArray(),
            _latents.ToArray(), _voices.ToArray(), frames);
    }

    /// <summary>Writes the episode recorded so far to <paramref name="path"/> (atomically).</summary>
    public void Save(string path) => ReplayFile.Write(path, Finish());
}
