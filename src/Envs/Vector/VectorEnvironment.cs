namespace GmcRL.Envs.Vector;

/// <summary>
/// N copies of an environment stepped together, with automatic reset in the same step (as
/// Stable-Baselines3's vector environments): when copy i's episode ends, <see cref="VectorStep{TObservation}.Observations"/>[i]
/// is already the first observation of its next episode, and the last observation of the ended one is in
/// <see cref="VectorStep{TObservation}.FinalObservations"/>[i].
/// </summary>
/// <remarks>The returned arrays are owned by this object and overwritten by the next call.</remarks>
public sealed class VectorEnvironment<TObservation, TAction>
    where TObservation : class
{
    private readonly IEnvironment<TObservation, TAction>[] _envs;
    private readonly Func<TObservation, TObservation> _keep;
    private readonly VectorStep<TObservation> _step;
    private bool _started;

    /// <summary>Steps <paramref name="envs"/> together. <paramref name="keep"/> copies an observation that must outlive
    /// the next call (the final observation of an episode): for example <c>o => o.Clone()</c>.</summary>
    public VectorEnvironment(IReadOnlyList<IEnvironment<TObservation, TAction>> envs, Func<TObservation, TObservation> keep)
    {
        if (envs.Count == 0) throw new ArgumentException("A vector environment needs at least one environment.", nameof(envs));
        _envs = envs.ToArray();
        _keep = keep;
        int n = _envs.Length;
        _step = new VectorStep<TObservation>(new TObservation[n], new double[n], new bool[n], new bool[n],
            new StepInfo[n], new TObservation?[n]);
    }

    /// <summary>Number of environments.</summary>
    public int Count => _envs.Length;

    /// <summary>The space of one environment's observations.</summary>
    public ISpace<TObservation> ObservationSpace => _envs[0].ObservationSpace;

    /// <summary>The space of one environment's actions.</summary>
    public ISpace<TAction> ActionSpace => _envs[0].ActionSpace;

    /// <summary>Resets every environment; with a seed, environment i is seeded with seed + i.</summary>
    public VectorStep<TObservation> Reset(int? seed = null)
    {
        for (int i = 0; i < _envs.Length; i++)
        {
            var r = _envs[i].Reset(seed is int s ? s + i : null);
            _step.Observations[i] = r.Observation;
            _step.Infos[i] = r.Info;
            _step.Rewards[i] = 0;
            _step.Terminated[i] = false;
            _step.Truncated[i] = false;
            _step.FinalObservations[i] = null;
        }
        _started = true;
        return _step;
    }

    /// <summary>Steps environment i with <paramref name="actions"/>[i]; ended episodes are reset at once.</summary>
    public VectorStep<TObservation> Step(TAction[] actions)
    {
        if (!_started) throw new ResetNeededException("VectorEnvironment: Step was called before Reset. Call Reset() first.");
        if (actions.Length != _envs.Length)
            throw new InvalidActionException($"VectorEnvironment: got {actions.Length} action(s) for {_envs.Length} environment(s); pass one action per environment.");
        for (int i = 0; i < _envs.Length; i++)
        {
            var r = _envs[i].Step(actions[i]);
            _step.Rewards[i] = r.Reward;
            _step.Terminated[i] = r.Terminated;
            _step.Truncated[i] = r.Truncated;
            if (r.Done)
            {
                _step.FinalObservations[i] = _keep(r.Observation);
                var reset = _envs[i].Reset();
                _step.Observations[i] = reset.Observation;
                _step.Infos[i] = reset.Info;
            }
            else
            {
                _step.FinalObservations[i] = null;
                _step.Observations[i] = r.Observation;
                _step.Infos[i] = r.Info;
            }
        }
        return _step;
    }
}

/// <summary>What a vector environment reports per step (arrays indexed by environment).</summary>
/// <param name="Observations">The current observation of each environment (after an automatic reset, the new episode's first).</param>
/// <param name="Rewards">Each environment's reward for this step.</param>
/// <param name="Terminated">Each environment reached a terminal state in this step.</param>
/// <param name="Truncated">Each environment's episode was cut short in this step.</param>
/// <param name="Infos">Each environment's info for its current observation.</param>
/// <param name="FinalObservations">For an environment whose episode ended in this step, that episode's last observation; otherwise null.</param>
public sealed record VectorStep<TObservation>(
    TObservation[] Observations, double[] Rewards, bool[] Terminated, bool[] Truncated,
    StepInfo[] Infos, TObservation?[] FinalObservations)
    where TObservation : class;
