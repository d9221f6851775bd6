namespace GmcRL.Agents.Evaluation;

/// <summary>Chooses actions for a batch of observations (for example a frozen encoder followed by an agent's
/// deterministic actor). Evaluation calls it once per step for all running episodes.</summary>
public interface IPolicy<TObservation, TAction>
{
    /// <summary>Writes the action for <paramref name="observations"/>[i] into <paramref name="actions"/>[i].</summary>
    void Act(ReadOnlySpan<TObservation> observations, Span<TAction> actions);
}
