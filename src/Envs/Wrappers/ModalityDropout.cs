namespace GmcRL.Envs.Wrappers;

/// <summary>
/// Removes modalities from observations according to a <see cref="DropSchedule"/>, seeded. A missing modality is
/// marked in the observation's <see cref="PresenceMask"/> (and its data zeroed), so downstream code knows what is
/// missing. Changes only the observation's presence; the spec is unchanged. Put it outside
/// <see cref="FrameStack{TAction}"/> to drop whole stacked observations.
/// </summary>
public sealed class ModalityDropout<TAction> : IEnvironment<MultimodalObservation, TAction>, IWrapper
{
    private readonly IEnvironment<MultimodalObservation, TAction> _inner;

    /// <inheritdoc/>
    public object Inner => _inner;
    private readonly MultimodalSpace _space;
    private readonly MultimodalObservation _observation;
    private readonly DropSampler? _sampler;
    private readonly PresenceMask _fixed;
    private readonly bool[] _dropped;
    private readonly int[] _blackoutLeft;
    private Random _rng;
    private int _step;

    /// <summary>Drops modalities of <paramref name="inner"/>'s observations per <paramref name="schedule"/>;
    /// <paramref name="seed"/> seeds the drops (a seed given to Reset reseeds them too).</summary>
    public ModalityDropout(IEnvironment<MultimodalObservation, TAction> inner, DropSchedule schedule, int seed = 0)
    {
        if (inner.ObservationSpace is not MultimodalSpace space)
            throw new ArgumentException("ModalityDropout needs an environment whose observation space is a MultimodalSpace.", nameof(inner));
        schedule.Validate(space.Spec);
        _inner = inner;
        _space = space;
        Schedule = schedule;
        int m = space.Spec.Count;
        _observation = new MultimodalObservation(space.Spec);
        _dropped = new bool[m];
        _blackoutLeft = new int[m];
        _fixed = schedule is DropSchedule.Fixed f ? space.Spec.MaskOf(f.Present) : PresenceMask.All(m);
        _sampler = schedule switch
        {
            DropSchedule.PerEpisode e => new DropSampler(m, e.Probability, schedule.KeepAtLeastOne),
            DropSchedule.PerStep s => new DropSampler(m, s.Probability, schedule.KeepAtLeastOne),
            _ => null,
        };
        _rng = new Random(seed);
    }

    /// <summary>The schedule in use.</summary>
    public DropSchedule Schedule { get; }

    /// <inheritdoc/>
    public ISpace<MultimodalObservation> ObservationSpace => _space;

    /// <inheritdoc/>
    public ISpace<TAction> ActionSpace => _inner.ActionSpace;

    /// <inheritdoc/>
    public ResetResult<MultimodalObservation> Reset(int? seed = null)
    {
        // Derive the drops' seed from the episode seed, so one seed fixes the whole trajectory.
        if (seed is int s) _rng = new Random(unchecked(s * -1640531535 + 0x5EED));
        var r = _inner.Reset(seed);
        Array.Clear(_blackoutLeft);
        Array.Clear(_dropped);
        _step = 0;
        if (Schedule is DropSchedule.PerEpisode) _sampler!.Sample(_rng, _dropped);
        Apply(r.Observation);
        return r with { Observation = _observation };
    }

    /// <inheritdoc/>
    public StepResult<MultimodalObservation> Step(TAction action)
    {
        var r = _inner.Step(action);
        _step++;
        Apply(r.Observation);
        return r with { Observation = _observation };
    }

    private void Apply(MultimodalObservation source)
    {
        switch (Schedule)
        {
            case DropSchedule.PerStep: _sampler!.Sample(_rng, _dropped); break;
            case DropSchedule.Blackout b: AdvanceBlackouts(b); break;
            case DropSchedule.Custom c: c.Drop(_step, _rng, _dropped); break;
        }
        source.CopyTo(_observation);
        for (int m = 0; m < _dropped.Length; m++)
            if (_dropped[m] || !_fixed.Has(m)) _observation.Drop(m);
    }

    private void AdvanceBlackouts(DropSchedule.Blackout b)
    {
        int count = _dropped.Length;
        for (int m = 0; m < count; m++)
        {
            bool wasPresent = !_dropped[m];
            if (_blackoutLeft[m] > 0)
            {
                _blackoutLeft[m]--;
                _dropped[m] = true;
            }
            else if (wasPresent && _rng.NextDouble() < b.StartProbability && (!b.KeepAtLeastOne || AnotherPresent(m)))
            {
                _blackoutLeft[m] = b.Length - 1;
                _dropped[m] = true;
            }
            else
            {
                _dropped[m] = false;
            }
        }
    }

    // Whether a modality other than m is present at this observation: those before m are decided already; those
    // after m are present unless an ongoing window holds them (a window they start later checks again).
    private bool AnotherPresent(int m)
    {
        for (int j = 0; j < _dropped.Length; j++)
        {
            if (j == m) continue;
            bool present = j < m ? !_dropped[j] : _blackoutLeft[j] == 0;
            if (present) return true;
        }
        return false;
    }
}
