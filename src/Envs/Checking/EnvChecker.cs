namespace GmcRL.Envs.Checking;

/// <summary>
/// Checks an environment against the conventions of <see cref="IEnvironment{TObservation, TAction}"/>, in the
/// spirit of Gymnasium's check_env: observations lie in their space, the same seed gives the same trajectory,
/// Step before Reset and bad actions get clear errors, and after an episode ends Step demands a Reset.
/// </summary>
public static class EnvChecker
{
    /// <summary>Runs every check on environments made by <paramref name="make"/> (a fresh one per check) and returns
    /// the problems found (empty when the environment passes).</summary>
    /// <param name="make">Makes a fresh environment.</param>
    /// <param name="steps">Steps per trajectory.</param>
    /// <param name="seed">The seed of the trajectories.</param>
    public static IReadOnlyList<string> Check<TObservation, TAction>(
        Func<IEnvironment<TObservation, TAction>> make, int steps = 300, int seed = 123)
    {
        var problems = new List<string>();
        Guard(problems, "observations in space", () => CheckObservationsInSpace(make(), steps, seed, problems));
        Guard(problems, "determinism", () => CheckDeterminism(make, steps, seed, problems));
        Guard(problems, "step before reset", () => ExpectThrow<ResetNeededException>(problems, "Step before Reset",
            () => { var env = make(); env.Step(env.ActionSpace.Sample(new Random(seed))); }));
        Guard(problems, "bad actions", () => CheckBadActions(make(), seed, problems));
        Guard(problems, "step after the end", () => CheckStepAfterEnd(make(), steps, seed, problems));
        return problems;
    }

    /// <summary>Like <see cref="Check{TObservation, TAction}"/>, but throws with every problem listed.</summary>
    public static void AssertValid<TObservation, TAction>(Func<IEnvironment<TObservation, TAction>> make, int steps = 300, int seed = 123)
    {
        var problems = Check(make, steps, seed);
        if (problems.Count > 0)
            throw new InvalidOperationException("Environment check failed:\n- " + string.Join("\n- ", problems));
    }

    private static void CheckObservationsInSpace<TObservation, TAction>(
        IEnvironment<TObservation, TAction> env, int steps, int seed, List<string> problems)
    {
        var rng = new Random(seed);
        var reset = env.Reset(seed);
        if (Violation(env.ObservationSpace, reset.Observation) is string v0) problems.Add($"reset observation: {v0}");
        for (int t = 0; t < steps; t++)
        {
            var r = env.Step(env.ActionSpace.Sample(rng));
            if (Violation(env.ObservationSpace, r.Observation) is string v) { problems.Add($"step {t + 1} observation: {v}"); return; }
            if (!double.IsFinite(r.Reward)) { problems.Add($"step {t + 1}: reward {r.Reward} is not finite"); return; }
            if (r.Done) env.Reset();
        }
    }

    private static void CheckDeterminism<TObservation, TAction>(
        Func<IEnvironment<TObservation, TAction>> make, int steps, int seed, List<string> problems)
    {
        var first = Trajectory(make(), steps, seed);
        // The second run reuses an environment that has run before, so leftover state would show.
        var reused = make();
        Trajectory(reused, steps / 2 + 1, seed + 1);
        var second = Trajectory(reused, steps, seed);
        for (int t = 0; t < first.Count; t++)
            if (first[t] != second[t]) { problems.Add($"same seed, different trajectories: they first differ at step {t} ({first[t]} vs {second[t]})"); return; }
    }

    // A fingerprint per step: reward, flags and a hash of the observation's contents.
    private static List<string> Trajectory<TObservation, TAction>(IEnvironment<TObservation, TAction> env, int steps, int seed)
    {
        var rng = new Random(seed);
        var prints = new List<string> { Fingerprint(env.Reset(seed).Observation) };
        for (int t = 0; t < steps; t++)
        {
            var r = env.Step(env.ActionSpace.Sample(rng));
            prints.Add($"{r.Reward:R} {r.Terminated} {r.Truncated} {Fingerprint(r.Observation)}");
            if (r.Done) prints.Add("reset " + Fingerprint(env.Reset().Observation));
        }
        return prints;
    }

    private static void CheckBadActions<TObservation, TAction>(IEnvironment<TObservation, TAction> env, int seed, List<string> problems)
    {
        env.Reset(seed);
        switch (env.ActionSpace)
        {
            case Box box:
                float[] ok = box.Sample(new Random(seed));
                foreach (var (name, bad) in new (string, float[])[]
                {
                    ("a NaN action", Filled(ok, float.NaN)),
                    ("an infinite action", Filled(ok, float.PositiveInfinity)),
                    ("an action one element too long", [.. ok, 0f]),
                    ("an empty action", []),
                })
                    ExpectThrow<InvalidActionException>(problems, name, () => env.Step((TAction)(object)bad));
                ExpectThrow<InvalidActionException>(problems, "a null action", () => env.Step((TAction)(object)null!));
                break;
            case Discrete d:
                ExpectThrow<InvalidActionException>(problems, "action -1", () => env.Step((TAction)(object)(-1)));
                ExpectThrow<InvalidActionException>(problems, $"action {d.N}", () => env.Step((TAction)(object)d.N));
                break;
            default:
                problems.Add($"bad actions: no bad-action check for action space {env.ActionSpace}");
                break;
        }
    }

    private static void CheckStepAfterEnd<TObservation, TAction>(IEnvironment<TObservation, TAction> env, int steps, int seed, List<string> problems)
    {
        var rng = new Random(seed);
        env.Reset(seed);
        for (int t = 0; t < steps; t++)
        {
            if (env.Step(env.ActionSpace.Sample(rng)).Done)
            {
                ExpectThrow<ResetNeededException>(problems, "Step after the episode ended", () => env.Step(env.ActionSpace.Sample(rng)));
                env.Reset();
                env.Step(env.ActionSpace.Sample(rng)); // a reset makes stepping legal again
                return;
            }
        }
        // An episode that did not end within `steps` (an environment without a time limit) has nothing to check here.
    }

    private static void ExpectThrow<TException>(List<string> problems, string what, Action act) where TException : Exception
    {
        try
        {
            act();
            problems.Add($"{what}: expected {typeof(TException).Name}, but nothing was thrown");
        }
        catch (TException e)
        {
            if (e.Message.Length < 20) problems.Add($"{what}: the {typeof(TException).Name} message is too short to help: \"{e.Message}\"");
        }
        catch (Exception e)
        {
            problems.Add($"{what}: expected {typeof(TException).Name}, got {e.GetType().Name}: {e.Message}");
        }
    }

    private static void Guard(List<string> problems, string check, Action act)
    {
        try { act(); }
        catch (Exception e) { problems.Add($"{check}: unexpected {e.GetType().Name}: {e.Message}"); }
    }

    private static float[] Filled(float[] like, float value)
    {
        var a = (float[])like.Clone();
        a[0] = value;
        return a;
    }

    private static string? Violation<TObservation>(ISpace<TObservation> space, TObservation observation) =>
        space switch
        {
            MultimodalSpace ms => ms.Violation((MultimodalObservation)(object)observation!),
            _ => space.Contains(observation) ? null : $"{Describe(observation)} is not in {space}",
        };

    private static string Describe<TObservation>(TObservation observation) =>
        observation is float[] f ? $"[{string.Join(", ", f)}]" : observation?.ToString() ?? "null";

    private static string Fingerprint<TObservation>(TObservation observation)
    {
        var hash = new HashCode();
        switch (observation)
        {
            case MultimodalObservation mo:
                hash.Add(mo.Mask.Bits);
                for (int m = 0; m < mo.Spec.Count; m++)
                    for (int i = 0; i < mo.Spec.Modalities[m].Length; i++) hash.Add(mo.Get(m, i));
                break;
            case float[] f:
                foreach (float x in f) hash.Add(x);
                break;
            default:
                hash.Add(observation);
                break;
        }
        return hash.ToHashCode().ToString("x8");
    }
}
