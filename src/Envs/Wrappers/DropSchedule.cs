namespace GmcRL.Envs.Wrappers;

/// <summary>
/// When <see cref="ModalityDropout{TAction}"/> removes modalities from observations. With
/// <see cref="KeepAtLeastOne"/> (the default) no observation ever loses every modality.
/// </summary>
public abstract record DropSchedule
{
    private DropSchedule() { }

    /// <summary>Never leave an observation with no modality at all.</summary>
    public bool KeepAtLeastOne { get; init; } = true;

    /// <summary>Nothing is dropped.</summary>
    public sealed record None : DropSchedule;

    /// <summary>Only the named modalities are ever present (for example image only).</summary>
    public sealed record Fixed(IReadOnlyList<string> Present) : DropSchedule
    {
        /// <inheritdoc/>
        public override string ToString() => $"Fixed({string.Join("+", Present)})";
    }

    /// <summary>At each reset, each modality is dropped for the whole episode with probability
    /// <paramref name="Probability"/> (exactly, also when at least one is kept: see <see cref="PerStep"/>).</summary>
    public sealed record PerEpisode(double Probability) : DropSchedule;

    /// <summary>At each observation, each modality is missing with probability <paramref name="Probability"/>.
    /// When at least one modality is kept, drops are drawn independently and redrawn whenever all would be missing,
    /// with the per-draw probability raised so that each modality is still missing with probability exactly
    /// <paramref name="Probability"/>; this needs Probability &lt;= (M-1)/M for M modalities.</summary>
    public sealed record PerStep(double Probability) : DropSchedule;

    /// <summary>At each observation where a modality was present at the previous one, a window of
    /// <paramref name="Length"/> consecutive missing observations starts with probability
    /// <paramref name="StartProbability"/> (windows are separated by at least one present observation; an episode's
    /// end cuts a window short). With at least one kept, a window does not start if it would leave none present.</summary>
    public sealed record Blackout(double StartProbability, int Length) : DropSchedule;

    /// <summary>Any schedule, as code: <paramref name="Drop"/> is called at every observation (step 0 is the reset's)
    /// with the dropout's seeded random source and sets which modalities are missing; it sees the previous
    /// observation's choice (all present at a reset), so a burst can simply be left standing.
    /// <see cref="DropSchedule.KeepAtLeastOne"/> is the function's own business.</summary>
    /// <param name="Name">How reports and replays name it.</param>
    /// <param name="Drop">Sets <c>dropped[m]</c> for each modality m, in the spec's order.</param>
    public sealed record Custom(string Name, DropFunction Drop) : DropSchedule
    {
        /// <inheritdoc/>
        public override string ToString() => $"Custom({Name})";
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless the schedule is valid for <paramref name="spec"/>.</summary>
    public void Validate(ObservationSpec spec)
    {
        switch (this)
        {
            case Fixed f:
                if (f.Present.Count == 0) throw new ArgumentException("DropSchedule.Fixed: name at least one present modality.");
                spec.MaskOf(f.Present);
                break;
            case PerEpisode e: CheckProbability(e.Probability, spec, "PerEpisode"); break;
            case PerStep s: CheckProbability(s.Probability, spec, "PerStep"); break;
            case Custom c:
                if (string.IsNullOrWhiteSpace(c.Name)) throw new ArgumentException("DropSchedule.Custom: give it a name.");
                ArgumentNullException.ThrowIfNull(c.Drop);
                break;
            case Blackout b:
                if (!(b.StartProbability >= 0 && b.StartProbability <= 1))
                    throw new ArgumentException($"DropSchedule.Blackout: StartProbability must lie in [0, 1] (got {b.StartProbability}).");
                if (b.Length < 1) throw new ArgumentException($"DropSchedule.Blackout: Length must be at least 1 step (got {b.Length}).");
                break;
        }
    }

    private void CheckProbability(double p, ObservationSpec spec, string name)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentException($"DropSchedule.{name}: Probability must lie in [0, 1] (got {p}).");
        double max = (spec.Count - 1) / (double)spec.Count;
        if (KeepAtLeastOne && p > max)
            throw new ArgumentException($"DropSchedule.{name}: with {spec.Count} modalities and at least one kept, each can be missing with probability at most {max:0.###} (got {p}); lower it or set KeepAtLeastOne = false.");
    }
}

/// <summary>A custom dropout schedule's choice at one observation (<see cref="DropSchedule.Custom"/>).</summary>
/// <param name="step">Steps since the reset (0 at the reset's observation).</param>
/// <param name="random">The dropout's random source, seeded from the episode's seed.</param>
/// <param name="dropped">Whether each modality is missing, in the spec's order; holds the previous choice.</param>
public delegate void DropFunction(int step, Random random, Span<bool> dropped);
