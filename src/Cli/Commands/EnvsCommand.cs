using System.Globalization;
using GmcRL.Cli.Options;
using GmcRL.Envs;
using GmcRL.Envs.Registry;
using GmcRL.Replays.Rendering;

namespace GmcRL.Cli.Commands;

/// <summary><c>gmcrl envs</c>: the registered environments with their modalities, action space and defaults: what
/// <c>--env.name</c> accepts and what the pipeline derives from each.</summary>
public static class EnvsCommand
{
    public static int Run(string[] args, TextWriter output)
    {
        var cl = new CommandLine("gmcrl envs", "Lists the registered environments (the values of --env.name) with their modalities, action space and defaults.", args);
        if (cl.ShowHelp(output)) return 0;
        foreach (var r in EnvRegistry.All) Describe(r, output);
        return 0;
    }

    /// <summary>Writes one registration's description.</summary>
    public static void Describe(EnvRegistration r, TextWriter output)
    {
        output.WriteLine(r.Id + (r.Description.Length > 0 ? $": {r.Description}" : ""));
        output.WriteLine($"  modalities (one frame; stacked {r.FrameStack} by default):");
        foreach (var m in r.Modalities.Modalities)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {m.Name,-12} {m.Kind.ToString().ToLowerInvariant(),-7} [{string.Join(", ", m.Shape)}] {Element(m)} in [{Bound(m.Low)}, {Bound(m.High)}]"));
        output.WriteLine($"  actions:    {r.ActionSpaceText} ({(r.HasDiscreteActions ? "default agent dqn" : "default agent sac; ddpg, or dqn on evenly spaced values when one-dimensional")})");
        output.WriteLine($"  episodes:   {r.EpisodeSteps} steps; collection resets {(r.CollectResetEvery is int k ? $"every {k} steps" : "only when an episode ends")}");
        output.WriteLine($"  true state: {(r.TrueState is { } s ? $"({string.Join(", ", s.Names)}) as features ({string.Join(", ", s.FeatureNames)})" : "none (no true_state runs)")}");
        output.WriteLine($"  calibrated: {(r.Calibration is null ? "no" : "yes, fitted to the collected data and kept with every model")}");
        output.WriteLine($"  replays:    {r.Replay.StepSeconds.ToString("0.#####", CultureInfo.InvariantCulture)} s per step; {ReplaySound(r)}");
        output.WriteLine();
    }

    // What a replay plays: the registration's tones, else its first signal modality at audio rate as recorded, else nothing.
    private static string ReplaySound(EnvRegistration r)
    {
        if (r.Replay.Sound is { } t) return $"tones of '{t.Modality}' ({string.Join(", ", t.Voices)})";
        foreach (var m in r.Modalities.Modalities)
            if (SignalAudio.Format(m, r.Replay.StepSeconds) is var (channels, _, rate))
                return string.Create(CultureInfo.InvariantCulture, $"'{m.Name}' as recorded, {channels} channel(s) at {rate:N0} Hz");
        return "silent";
    }

    // Bounds rounded for reading: a float's bound may lie one rounding step outside its value range.
    private static string Bound(double x)
    {
        double r = Math.Round(x, 4);
        return (r == 0 ? 0 : r).ToString("G4", CultureInfo.InvariantCulture); // no "-0"
    }

    private static string Element(ModalitySpec m) =>
        m.ElementType == ElementType.UInt8 ? (m.Low >= 0 && m.High <= 1 ? "bits" : "bytes") : "floats";
}
