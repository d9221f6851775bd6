using GmcRL.Envs;
using GmcRL.Envs.Wrappers;

namespace GmcRL.Agents.Evaluation;

/// <summary>
/// Runs one controller under several missing-modality conditions (docs/method.md §6): for each condition, the same
/// episodes (episode e starts from seed Seed + e in every condition, so conditions are compared on the same start
/// states) of a fixed length, with the environment's observations filtered by the condition's drop schedule. Up to
/// <see cref="EvaluationOptions.Parallel"/> episodes run side by side so the policy sees a batch per step.
/// </summary>
public static class MissingModalityEvaluator
{
    /// <summary>Evaluates <paramref name="policy"/> in every condition.</summary>
    /// <param name="makeEnvironment">Makes a fresh environment without time limit or dropout (for the pendulum: the
    /// frame-stacked multimodal pendulum); the evaluator adds both.</param>
    /// <param name="policy">The controller.</param>
    /// <param name="conditions">The conditions, e.g. <see cref="EvaluationCondition.Standard"/>.</param>
    /// <param name="options">Episodes, their length, the seed and the batch size.</param>
    /// <param name="onEpisode">Called after each episode with (condition index, episodes done in it), for progress.</param>
    /// <param name="recorder">Records the episodes it asks for, step by step (replays).</param>
    public static IReadOnlyList<ConditionResult> Evaluate<TAction>(
        Func<IEnvironment<MultimodalObservation, TAction>> makeEnvironment,
        IPolicy<MultimodalObservation, TAction> policy,
        IReadOnlyList<EvaluationCondition> conditions,
        EvaluationOptions options,
        Action<int, int>? onEpisode = null,
        IEpisodeRecorder<TAction>? recorder = null)
    {
        options.Validated();
        if (conditions.Count == 0) throw new ArgumentException("Name at least one evaluation condition.", nameof(conditions));
        var results = new List<ConditionResult>();
        for (int c = 0; c < conditions.Count; c++)
        {
            int index = c;
            results.Add(EvaluateCondition(makeEnvironment, policy, conditions[c], options, done => onEpisode?.Invoke(index, done), recorder));
        }
        return results;
    }

    private static ConditionResult EvaluateCondition<TAction>(
        Func<IEnvironment<MultimodalObservation, TAction>> makeEnvironment,
        IPolicy<MultimodalObservation, TAction> policy,
        EvaluationCondition condition,
        EvaluationOptions options,
        Action<int> onEpisode,
        IEpisodeRecorder<TAction>? recorder)
    {
        int slots = Math.Min(options.Parallel, options.Episodes);
        var envs = new IEnvironment<MultimodalObservation, TAction>[slots];
        for (int i = 0; i < slots; i++)
            envs[i] = new TimeLimit<MultimodalObservation, TAction>(
                new ModalityDropout<TAction>(makeEnvironment(), condition.Schedule), options.Steps);
        var spec = ((MultimodalSpace)envs[0].ObservationSpace).Spec;
        // How each episode ended, when the environment says (a game's win or loss).
        var endings = envs.Select(e => WrapperChain.Find<IEpisodeOutcome>(e)).ToArray();
        var outcomes = endings[0] is { } game ? game.Outcomes.Append(Truncated).Distinct().ToDictionary(name => name, _ => 0) : null;

        var rewardPerStep = new double[options.Episodes];
        var endedAs = outcomes is null ? null : new string[options.Episodes];
        var returns = new double[options.Episodes];
        var missing = new long[spec.Count];
        long observations = 0;
        int done = 0;

        // Each slot runs episodes slot, slot + slots, ...; all slots step together while episodes remain.
        var episodeOf = new int[slots];
        var recording = new bool[slots];
        var states = new ReadOnlyMemory<double>[slots];
        var observationsNow = new MultimodalObservation[slots];
        var actions = new TAction[slots];
        var active = new List<int>();
        for (int i = 0; i < slots; i++) Start(i, i);

        void Start(int slot, int episode)
        {
            episodeOf[slot] = episode;
            returns[episode] = 0;
            var reset = envs[slot].Reset(options.Seed + episode);
            observationsNow[slot] = reset.Observation;
            states[slot] = reset.Info.State;
            recording[slot] = recorder?.Records(condition, episode) == true;
            if (recording[slot]) recorder!.Begin(condition, episode, options.Seed + episode);
            Count(observationsNow[slot]);
            active.Add(slot);
        }

        void Count(MultimodalObservation o)
        {
            observations++;
            for (int m = 0; m < spec.Count; m++) if (!o.Mask.Has(m)) missing[m]++;
        }

        var batch = new MultimodalObservation[slots];
        var batchActions = new TAction[slots];
        while (active.Count > 0)
        {
            for (int k = 0; k < active.Count; k++) batch[k] = observationsNow[active[k]];
            policy.Act(batch.AsSpan(0, active.Count), batchActions.AsSpan(0, active.Count));
            var finished = new List<int>();
            for (int k = 0; k < active.Count; k++)
            {
                int slot = active[k];
                if (recording[slot]) recorder!.Step(condition, episodeOf[slot], observationsNow[slot], states[slot].Span, batchActions[k], k);
                var r = envs[slot].Step(batchActions[k]);
                returns[episodeOf[slot]] += r.Reward;
                observationsNow[slot] = r.Observation;
                states[slot] = r.Info.State;
                if (recording[slot]) recorder!.Rewarded(condition, episodeOf[slot], r.Reward);
                if (r.Done)
                {
                    int episode = episodeOf[slot];
                    rewardPerStep[episode] = returns[episode] / r.Info.EpisodeStep;
                    if (outcomes is not null)
                    {
                        string outcome = endings[slot]!.Outcome is int ending ? endings[slot]!.Outcomes[ending] : Truncated;
                        outcomes[outcome]++;
                        endedAs![episode] = outcome;
                    }
                    if (recording[slot]) recorder!.End(condition, episode);
                    finished.Add(slot);
                    onEpisode(++done);
                }
                else
                {
                    Count(r.Observation);
                }
            }
            foreach (int slot in finished)
            {
                active.Remove(slot);
                int next = episodeOf[slot] + slots;
                if (next < options.Episodes) Start(slot, next);
            }
        }

        return new ConditionResult(
            condition.Name, condition.Present, options.Episodes,
            Statistics.Mean(rewardPerStep), Statistics.StandardDeviation(rewardPerStep), Statistics.ConfidenceHalfWidth95(rewardPerStep),
            Statistics.Mean(returns), Statistics.StandardDeviation(returns),
            spec.Modalities.Select((m, i) => (m.Name, Fraction: missing[i] / (double)observations)).ToDictionary(p => p.Name, p => p.Fraction),
            rewardPerStep, outcomes, returns, endedAs);
    }

    /// <summary>The outcome of an episode that the evaluation's step limit ended before the environment did.</summary>
    public const string Truncated = "truncated";
}
