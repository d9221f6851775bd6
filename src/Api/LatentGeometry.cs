using System.Diagnostics;
using System.Globalization;
using GmcRL.Envs;
using GmcRL.Envs.Registry;
using GmcRL.Geometry;
using GmcRL.Geometry.Dca;
using GmcRL.Geometry.Maps;
using GmcRL.Geometry.Probes;
using GmcRL.Representation;
using GmcRL.Representation.Data;
using GmcRL.Representation.Training;

namespace GmcRL;

/// <summary>How <see cref="LatentGeometry.Measure"/> measures.</summary>
public sealed record GeometryOptions
{
    /// <summary>The share of the dataset that pretraining held out (its last samples): the points measured come from
    /// there, so the representation has never trained on them.</summary>
    public double HeldOutFraction { get; init; } = 0.1;

    /// <summary>At most this many held-out samples (the first of them) are measured; the paper's DCA uses 2,000.</summary>
    public int Points { get; init; } = 2_000;

    /// <summary>Rays cast per point to approximate the Delaunay graph (the DCA authors' default, 10,000).</summary>
    public int Rays { get; init; } = DcaOptions.DefaultRayCount;

    /// <summary>Seeds the rays and the map.</summary>
    public int Seed { get; init; }

    /// <summary>Draw the latent map (UMAP) as well as measuring DCA.</summary>
    public bool Map { get; init; } = true;

    /// <summary>The fewest points measured: DCA's components have at least 10 points.</summary>
    public const int MinimumPoints = 20;

    internal GeometryOptions Validated()
    {
        if (!(HeldOutFraction > 0 && HeldOutFraction < 1))
            throw new ArgumentException($"GeometryOptions.HeldOutFraction must lie strictly between 0 and 1 (got {HeldOutFraction}).");
        if (Points < MinimumPoints) throw new ArgumentException($"GeometryOptions.Points must be at least {MinimumPoints} (got {Points}).");
        if (Rays < 1) throw new ArgumentException($"GeometryOptions.Rays must be at least 1 (got {Rays}).");
        return this;
    }
}

/// <summary>
/// The geometry of a learned latent space as the GMC paper measures it: for every subset S of the modalities (each one
/// alone; with three or more, every proper subset), Delaunay Component Analysis of the held-out latents z(S) (the
/// evaluated set E) against the complete ones z(1:M) (the reference R), and one 2-D UMAP map of all of them, drawn
/// coloured by modality and by a true-state variable. The latents are the frozen encoder's features, the very vectors
/// the agent sees (with modalities missing, each representation's own way: GMC's mean of the present modalities, the
/// autoencoder's zeros, the MVAE's product of experts).
/// </summary>
public static class LatentGeometry
{
    /// <summary>The name of the complete set, z(1:M), in reports and maps.</summary>
    public const string Complete = "all";

    private const int Batch = 256;

    /// <summary>Measures <paramref name="encoder"/> on the held-out end of <paramref name="dataset"/> (collected from
    /// <paramref name="env"/>), printing a line per subset to <paramref name="progress"/>.</summary>
    /// <exception cref="ArgumentException">The encoder is the true state, the dataset does not match the encoder, or the
    /// held-out samples are fewer than <see cref="GeometryOptions.MinimumPoints"/>.</exception>
    public static GeometryReport Measure(Env env, MultimodalDataset dataset, IFrozenEncoder encoder, GeometryOptions? options = null, TextWriter? progress = null)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(encoder);
        options = (options ?? new GeometryOptions()).Validated();
        if (FeatureStandardization.Unwrapped(encoder) is TrueStateFeatures) throw new ArgumentException("The true state is not a learned latent: it has no geometry to measure.", nameof(encoder));
        CheckReads(dataset, encoder);
        int heldOut = HeldOut.Count(dataset.Count, options.HeldOutFraction);
        int count = Math.Min(heldOut, options.Points);
        if (count < GeometryOptions.MinimumPoints)
            throw new ArgumentException($"The dataset holds out {heldOut} samples; measuring the geometry needs at least {GeometryOptions.MinimumPoints}.", nameof(dataset));
        int first = dataset.Count - heldOut;
        var clock = Stopwatch.StartNew();
        string representation = Agent.NameOf(encoder);
        var names = encoder.Spec.Modalities.Select(m => m.Name).ToArray();

        var complete = Encode(dataset, encoder, first, count, PresenceMask.All(names.Length));
        var subsets = PresenceMask.ProperSubsets(names.Length).Select(mask =>
            (Present: (IReadOnlyList<string>)Enumerable.Range(0, names.Length).Where(mask.Has).Select(m => names[m]).ToList(),
             Latents: Encode(dataset, encoder, first, count, mask))).ToList();

        var measured = new List<SubsetGeometry>();
        foreach (var (present, latents) in subsets)
        {
            var subsetClock = Stopwatch.StartNew();
            var geometry = Analyse(string.Join("+", present), present, complete, latents, options);
            measured.Add(geometry);
            string scores = geometry.Problem ?? string.Create(CultureInfo.InvariantCulture,
                $"precision {geometry.Precision:F3}, recall {geometry.Recall:F3}, quality {geometry.NetworkQuality:F3}, harmonic mean {geometry.HarmonicMean:F3}");
            progress?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"geometry: {representation} z({geometry.Name}) against z(1:M), {count} held-out points: {scores} ({subsetClock.Elapsed.TotalSeconds:F1} s)"));
        }

        var (stateNames, probes) = Probe(env, dataset, first, count, complete, subsets.Select(s => (string.Join("+", s.Present), s.Latents)).ToList());
        if (probes is not null)
        {
            string means = string.Join(", ", probes.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.Scores.MeanLinear:F3} / {p.Scores.MeanNeighbours:F3}")));
            progress?.WriteLine($"geometry: {representation} state probe, mean R^2 over {stateNames!.Count} true-state features (linear / {StateProbe.DefaultNeighbours} nearest): {means}");
        }

        LatentMap? map = null;
        if (options.Map)
        {
            var mapClock = Stopwatch.StartNew();
            var sets = new List<Points> { complete };
            sets.AddRange(subsets.Select(s => s.Latents));
            var layout = Umap.EmbedTogether(sets, new UmapOptions { Seed = options.Seed });
            var layers = layout.Select((points, i) => new MapLayer(i == 0 ? Complete : measured[i - 1].Name,
                Coordinate(points, 0), Coordinate(points, 1))).ToList();
            var (stateName, state) = State(env, dataset, first, count);
            map = new LatentMap(stateName, state, layers, stateName is not null && env.Registration.TrueState!.Angle is not null);
            progress?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"geometry: {representation} latent map of {sets.Count} sets of {count} points ({mapClock.Elapsed.TotalSeconds:F1} s)"));
        }
        return new GeometryReport(GeometryReport.CurrentFormatVersion, representation, env.Id, count, encoder.FeatureSize,
            options.Seed, options.Rays, measured, clock.Elapsed.TotalSeconds)
        {
            Map = map, MapStateIsAngle = map?.StateIsAngle ?? false, StateFeatures = stateNames, StateProbes = probes,
        };
    }

    /// <summary>The state probe of <see cref="Measure"/> on every sample of <paramref name="dataset"/>, with the
    /// modalities of <paramref name="present"/> (default: all): how much of the true state (as <see cref="StateProbe"/> scores it, against the registration's true-state
    /// features) <paramref name="encoder"/>'s latents hold, on as many samples as you collect (a run's held-out end of
    /// a game like Hyperhot is a few games only). The features are in the order of the registration's
    /// <c>TrueState.FeatureNames</c>.</summary>
    /// <exception cref="ArgumentException">The dataset does not match the encoder or holds no true state of
    /// <paramref name="env"/>'s, or <paramref name="present"/> names no modality of the encoder's.</exception>
    public static ProbeScores ProbeState(Env env, MultimodalDataset dataset, IFrozenEncoder encoder, PresenceMask? present = null)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(encoder);
        CheckReads(dataset, encoder);
        var mask = present ?? PresenceMask.All(encoder.Spec.Count);
        if (mask.Bits == 0 || (mask.Bits & ~PresenceMask.All(encoder.Spec.Count).Bits) != 0)
            throw new ArgumentException($"The presence mask {mask} names no modality or one beyond the encoder's {encoder.Spec.Count}.", nameof(present));
        var (size, targets) = StateTargets(env, dataset, 0, dataset.Count)
            ?? throw new ArgumentException($"The dataset holds no true state of {env.Id}'s to probe for.", nameof(dataset));
        return StateProbe.Measure(Encode(dataset, encoder, 0, dataset.Count, mask), targets, size);
    }

    private static void CheckReads(MultimodalDataset dataset, IFrozenEncoder encoder)
    {
        if (!dataset.Spec.Equals(encoder.Spec))
            throw new ArgumentException("The dataset's observations are not the ones the encoder reads (different modalities, shapes or frame stacks).", nameof(dataset));
    }

    // How much of the true state (as the true-state agent sees it: the registration's features) each set's latents hold,
    // every measured point predicted from the others in five contiguous folds. None without a true state in the dataset.
    private static (IReadOnlyList<string>? Names, IReadOnlyList<SetProbe>? Probes) Probe(
        Env env, MultimodalDataset dataset, int first, int count, Points complete, IReadOnlyList<(string Name, Points Latents)> subsets)
    {
        if (StateTargets(env, dataset, first, count) is not var (size, targets)) return (null, null);
        var probes = new List<SetProbe> { new(Complete, StateProbe.Measure(complete, targets, size)) };
        probes.AddRange(subsets.Select(s => new SetProbe(s.Name, StateProbe.Measure(s.Latents, targets, size))));
        // Nothing to say when no feature varied over the scored points.
        return double.IsNaN(probes[0].Scores.MeanNeighbours) ? (null, null) : (env.Registration.TrueState!.FeatureNames, probes);
    }

    // The environment's true state when the dataset holds it: collected from that environment, a state per sample.
    private static TrueState? TrueStateOf(Env env, MultimodalDataset dataset) =>
        env.Registration.TrueState is { } trueState && dataset.Header.Environment == env.Id && dataset.Header.StateSize == trueState.Names.Count
            ? trueState : null;

    // The true-state features of samples first .. first + count - 1, row-major; null when the dataset holds no true state
    // of the environment's.
    private static (int Size, double[] Targets)? StateTargets(Env env, MultimodalDataset dataset, int first, int count)
    {
        if (TrueStateOf(env, dataset) is not { } trueState) return null;
        int width = dataset.Header.StateSize, size = trueState.FeatureNames.Count;
        var targets = new double[count * size];
        var row = new float[size];
        for (int i = 0; i < count; i++)
        {
            trueState.Features(dataset.States.Slice((first + i) * width, width), row);
            for (int c = 0; c < size; c++) targets[i * size + c] = row[c];
        }
        return (size, targets);
    }

    private static SubsetGeometry Analyse(string name, IReadOnlyList<string> present, Points complete, Points latents, GeometryOptions options)
    {
        DcaResult result;
        try
        {
            result = Dca.Compute(complete, latents, new DcaOptions { RayCount = options.Rays }, options.Seed);
        }
        catch (InvalidOperationException e)
        {
            // A disconnected sampled graph: the reference stops there too; the run goes on and the report says so.
            return new SubsetGeometry(name, present, 0, 0, 0, 0, 0, 0, 0, [], e.Message);
        }
        var largest = result.Components.Where(c => !c.IsOutlier).Take(5)
            .Select(c => new ComponentGeometry(c.RCount, c.EIndices.Count, c.Consistency, c.Quality, c.IsFundamental)).ToList();
        return new SubsetGeometry(name, present, result.Precision, result.Recall, result.NetworkConsistency, result.NetworkQuality,
            result.HarmonicMean, result.Components.Count(c => !c.IsOutlier), result.FundamentalComponentCount, largest);
    }

    // The latents of samples first .. first + count - 1 with only the modalities of the mask present (each observation
    // carries its sample's true state, when the dataset holds one, so that the true-state features can be encoded too).
    internal static Points Encode(MultimodalDataset dataset, IFrozenEncoder encoder, int first, int count, PresenceMask mask)
    {
        int size = encoder.FeatureSize, states = dataset.Header.StateSize;
        var latents = new float[count * size];
        var batch = new MultimodalObservation[Math.Min(Batch, count)];
        for (int i = 0; i < batch.Length; i++) batch[i] = new MultimodalObservation(dataset.Spec);
        for (int start = 0; start < count; start += batch.Length)
        {
            int n = Math.Min(batch.Length, count - start);
            for (int i = 0; i < n; i++)
            {
                dataset.CopyObservation(first + start + i, batch[i]);
                if (states > 0) batch[i].AttachTrueState(dataset.States.Slice((first + start + i) * states, states));
                batch[i].Mask = mask;
            }
            encoder.Encode(batch.AsSpan(0, n), latents.AsSpan(start * size, n * size));
        }
        return new Points(latents, size);
    }

    private static float[] Coordinate(Points points, int axis)
    {
        var values = new float[points.Count];
        for (int i = 0; i < values.Length; i++) values[i] = points[i][axis];
        return values;
    }

    // The true-state variable the map is coloured by: the declared angle (wrapped to [-pi, pi]), else the first component.
    private static (string? Name, double[]? Values) State(Env env, MultimodalDataset dataset, int first, int count)
    {
        if (TrueStateOf(env, dataset) is not { } trueState) return (null, null);
        int width = dataset.Header.StateSize;
        int index = trueState.Angle ?? 0;
        var states = dataset.States;
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            double x = states[(first + i) * width + index];
            values[i] = trueState.Angle is null ? x : Math.Atan2(Math.Sin(x), Math.Cos(x));
        }
        return (trueState.Names[index], values);
    }
}

/// <summary>What <see cref="LatentGeometry.Measure"/> found (a run folder's <c>geometry.json</c>; the map is
/// <c>latent_map.csv</c>).</summary>
/// <param name="FormatVersion">Version of this file's layout.</param>
/// <param name="Representation">gmc, fusion_ae or mvae.</param>
/// <param name="Env">The environment id.</param>
/// <param name="Points">Held-out samples measured.</param>
/// <param name="Dimension">Size of the latent.</param>
/// <param name="Seed">Seed of the rays and the map.</param>
/// <param name="Rays">Rays per point of the approximate Delaunay graph.</param>
/// <param name="Subsets">DCA of each subset's latents against the complete ones.</param>
/// <param name="Seconds">Time taken.</param>
public sealed record GeometryReport(
    int FormatVersion, string Representation, string Env, int Points, int Dimension, int Seed, int Rays,
    IReadOnlyList<SubsetGeometry> Subsets, double Seconds)
{
    /// <summary>The current layout version.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The 2-D map of the same points, or null when none was drawn.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public LatentMap? Map { get; init; }

    /// <summary>Whether the map's colouring variable is an angle (kept here, as the map's CSV holds only numbers).</summary>
    public bool MapStateIsAngle { get; init; }

    /// <summary>The true-state features that <see cref="StateProbes"/> predict (the true-state agent's inputs), or null
    /// when the environment declares no true state (and in files written before the probes existed).</summary>
    public IReadOnlyList<string>? StateFeatures { get; init; }

    /// <summary>How much of the true state each set's latents hold, "all" (z(1:M)) first, then each subset as in
    /// <see cref="Subsets"/>: the out-of-fold R^2 of predicting each of <see cref="StateFeatures"/> from the latents (five
    /// contiguous folds, each predicted from the other four), by ridge regression and by the mean of the 10 nearest
    /// fitted latents (<see cref="StateProbe"/>). Null without a true state.</summary>
    public IReadOnlyList<SetProbe>? StateProbes { get; init; }

    /// <summary>The scores as a text table, one row per subset.</summary>
    public string Table()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"{"z(S) vs z(1:M)",-20} {"precision",9} {"recall",7} {"consistency",11} {"quality",7} {"harmonic",8} {"components",10}");
        foreach (var s in Subsets)
            text.AppendLine(s.Problem is { } problem ? $"{s.Name,-20} {problem}" : string.Create(CultureInfo.InvariantCulture,
                $"{s.Name,-20} {s.Precision,9:F3} {s.Recall,7:F3} {s.NetworkConsistency,11:F3} {s.NetworkQuality,7:F3} {s.HarmonicMean,8:F3} {$"{s.FundamentalComponents}/{s.Components}",10}"));
        return text.ToString();
    }
}

/// <summary>The state probe of one set of latents.</summary>
/// <param name="Name">"all" for z(1:M), else the subset, e.g. "image".</param>
/// <param name="Scores">R^2 per true-state feature, linear and by nearest neighbours.</param>
public sealed record SetProbe(string Name, ProbeScores Scores);

/// <summary>DCA of one subset's latents z(S) (E) against the complete latents z(1:M) (R).</summary>
/// <param name="Name">The subset, e.g. "image" or "image+sound".</param>
/// <param name="Present">Its modalities.</param>
/// <param name="Precision">P: the share of E's points in fundamental components.</param>
/// <param name="Recall">R: the share of R's points in fundamental components.</param>
/// <param name="NetworkConsistency">c: how evenly R and E fill the distilled graph.</param>
/// <param name="NetworkQuality">q: the share of the distilled graph's edges that join an R point to an E point.</param>
/// <param name="HarmonicMean">3 / (1/P + 1/R + 1/q), 0 where any is 0: the paper's single score.</param>
/// <param name="Components">Components of the distilled graph (outliers not counted).</param>
/// <param name="FundamentalComponents">Those whose consistency and quality pass the thresholds.</param>
/// <param name="Largest">The largest components' local scores (up to five).</param>
/// <param name="Problem">Why DCA could not be computed (the scores are then 0), or null.</param>
public sealed record SubsetGeometry(
    string Name, IReadOnlyList<string> Present, double Precision, double Recall, double NetworkConsistency, double NetworkQuality,
    double HarmonicMean, int Components, int FundamentalComponents, IReadOnlyList<ComponentGeometry> Largest, string? Problem = null);

/// <summary>One component's local scores.</summary>
/// <param name="R">Its points of z(1:M).</param>
/// <param name="E">Its points of z(S).</param>
/// <param name="Consistency">1 - |R - E| / (R + E).</param>
/// <param name="Quality">The share of its edges that join an R point to an E point.</param>
/// <param name="Fundamental">Whether it counts towards precision and recall.</param>
public sealed record ComponentGeometry(int R, int E, double Consistency, double Quality, bool Fundamental);

/// <summary>A 2-D map of the held-out latents: one layer per set (the complete latents first), all from one UMAP fit,
/// so that positions compare across layers.</summary>
/// <param name="StateName">The true-state variable the points are coloured by (the pendulum: theta), or null.</param>
/// <param name="State">Its value at each point (the same samples in every layer), or null.</param>
/// <param name="Layers">The sets.</param>
/// <param name="StateIsAngle">Whether the variable is an angle in radians (wrapped to [-pi, pi]).</param>
public sealed record LatentMap(string? StateName, IReadOnlyList<double>? State, IReadOnlyList<MapLayer> Layers, bool StateIsAngle = false);

/// <summary>One set's points on a <see cref="LatentMap"/>.</summary>
/// <param name="Name">"all" for z(1:M), else the subset, e.g. "image".</param>
/// <param name="X">First coordinates.</param>
/// <param name="Y">Second coordinates.</param>
public sealed record MapLayer(string Name, IReadOnlyList<float> X, IReadOnlyList<float> Y);
