using GmcRL.Envs;

namespace GmcRL.Agents.Evaluation;

/// <summary>Uniformly random actions from an action space, ignoring the observations: the floor that an evaluation's
/// scores are measured against (see <see cref="RewardKept"/>).</summary>
public sealed class RandomPolicy<TObservation, TAction>(ISpace<TAction> space, int seed) : IPolicy<TObservation, TAction>
{
    private readonly Random _rng = new(seed);

    /// <inheritdoc/>
    public void Act(ReadOnlySpan<TObservation> observations, Span<TAction> actions)
    {
        for (int i = 0; i < observations.Length; i++) actions[i] = space.Sample(_rng);
    }
}
