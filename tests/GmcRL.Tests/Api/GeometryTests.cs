using GmcRL.Envs;
using GmcRL.Envs.Registry;
using GmcRL.Reports;
using GmcRL.Representation;
using GmcRL.Representation.Data;
using GmcRL.Tests.Agents;
using GmcRL.Tests.Envs.Registry;

namespace GmcRL.Tests.Api;

/// <summary>LatentGeometry: DCA of every subset's held-out latents against the complete ones, and the latent map.</summary>
[Collection(AgentsCollection.Name)]
public sealed class GeometryTests(ApiTests.Trained t) : IClassFixture<ApiTests.Trained>
{
    private static readonly GeometryOptions Few = new() { Rays = 300 };

    [Fact]
    public void Every_proper_subset_of_three_senses_is_measured_against_the_complete_latent_and_mapped_with_it()
    {
        var g = LatentGeometry.Measure(t.Env, t.Dataset, t.Encoder, Few);

        Assert.Equal(("gmc", Beacon.Id, 30, 6, 300), (g.Representation, g.Env, g.Points, g.Dimension, g.Rays));
        Assert.Equal(["image", "dial", "hum", "image+dial", "image+hum", "dial+hum"], g.Subsets.Select(s => s.Name));
        Assert.Equal(["dial", "hum"], g.Subsets[5].Present);
        foreach (var s in g.Subsets)
        {
            Assert.Null(s.Problem);
            foreach (double score in new[] { s.Precision, s.Recall, s.NetworkConsistency, s.NetworkQuality })
                Assert.InRange(score, 0, 1);
            double expected = s.Precision > 0 && s.Recall > 0 && s.NetworkQuality > 0 ? 3 / (1 / s.Precision + 1 / s.Recall + 1 / s.NetworkQuality) : 0;
            Assert.Equal(expected, s.HarmonicMean, 12);
            Assert.True(s.Largest.Count <= Math.Min(5, s.Components));
        }
        var map = g.Map!;
        Assert.Equal([LatentGeometry.Complete, .. g.Subsets.Select(s => s.Name)], map.Layers.Select(l => l.Name));
        Assert.All(map.Layers, l => Assert.Equal((30, 30), (l.X.Count, l.Y.Count)));
        // The beacon declares no angle: the map is coloured by its first state component, the held-out samples' own.
        Assert.Equal("beacon", map.StateName);
        Assert.False(map.StateIsAngle);
        Assert.Equal(t.Dataset.States[(270 * 2)], map.State![0]);
        Assert.Contains("image+dial", g.Table());
        // The state probes, in the sets' order: the 30 points in five folds.
        Assert.Equal(["beacon", "cursor"], g.StateFeatures);
        Assert.Equal([LatentGeometry.Complete, .. g.Subsets.Select(s => s.Name)], g.StateProbes!.Select(p => p.Name));
        Assert.All(g.StateProbes!, p => Assert.Equal((30, 5, 10), (p.Scores.Points, p.Scores.Folds, p.Scores.K)));
    }

    [Fact]
    public void The_same_seed_measures_and_maps_the_same_and_another_seed_casts_other_rays()
    {
        var a = LatentGeometry.Measure(t.Env, t.Dataset, t.Encoder, Few with { Seed = 4 });
        var b = LatentGeometry.Measure(t.Env, t.Dataset, t.Encoder, Few with { Seed = 4 });
        Assert.Equal(Scores(a), Scores(b));
        Assert.Equal(a.Map!.Layers.SelectMany(l => l.X.Concat(l.Y)), b.Map!.Layers.SelectMany(l => l.X.Concat(l.Y)));
        var other = LatentGeometry.Measure(t.Env, t.Dataset, t.Encoder, Few with { Seed = 5, Map = false });
        Assert.Null(other.Map);
        Assert.NotEqual(a.Map.Layers[0].X, LatentGeometry.Measure(t.Env, t.Dataset, t.Encoder, Few with { Seed = 5 }).Map!.Layers[0].X);
    }

    [Fact]
    public void Latents_that_land_where_the_complete_ones_do_score_near_one_and_latents_elsewhere_score_zero()
    {
        // The same encoder seen two ways: a missing modality moves the latent by a hair, or far away.
        var near = LatentGeometry.Measure(t.Env, t.Dataset, new Shifted(t.Encoder, 1e-3f), Few with { Map = false });
        var far = LatentGeometry.Measure(t.Env, t.Dataset, new Shifted(t.Encoder, 100f), Few with { Map = false });
        Assert.All(near.Subsets, s => Assert.True(s.HarmonicMean > 0.5 && s.Precision > 0.8 && s.Recall > 0.8, $"{s.Name}: {s}"));
        Assert.All(far.Subsets, s => Assert.Equal((0.0, 0.0, 0.0), (s.Precision, s.Recall, s.HarmonicMean)));
    }

    [Fact]
    public void The_true_state_a_foreign_dataset_and_too_few_points_are_refused_clearly()
    {
        using var state = t.Env.TrueStateFeatures();
        Assert.Contains("not a learned latent", Assert.Throws<ArgumentException>(() => LatentGeometry.Measure(t.Env, t.Dataset, state)).Message);
        var single = GmcRL.Env.Make(Beacon.Id, frameStack: 1).Collect(samples: 300, seed: 0);
        Assert.Contains("not the ones the encoder reads", Assert.Throws<ArgumentException>(() => LatentGeometry.Measure(t.Env, single, t.Encoder)).Message);
        var small = t.Env.Collect(samples: 100, seed: 1);
        Assert.Contains("holds out 10 samples", Assert.Throws<ArgumentException>(() => LatentGeometry.Measure(t.Env, small, t.Encoder)).Message);
        Assert.Contains("Points must be at least 20", Assert.Throws<ArgumentException>(() => LatentGeometry.Measure(t.Env, t.Dataset, t.Encoder, new GeometryOptions { Points = 5 })).Message);
        // The probe on a dataset of your own: the same check of the observations, and a clear word when it holds no state.
        Assert.Contains("not the ones the encoder reads", Assert.Throws<ArgumentException>(() => LatentGeometry.ProbeState(t.Env, single, t.Encoder)).Message);
        Assert.Contains("holds no true state of", Assert.Throws<ArgumentException>(() => LatentGeometry.ProbeState(GmcRL.Env.Make("multimodal-pendulum-v1"), t.Dataset, t.Encoder)).Message);
    }

    [Fact]
    public void ProbeState_lines_every_sample_up_with_its_own_true_state()
    {
        // An encoder that passes the dial through: its second reading is the cursor itself, its first the beacon's offset
        // from the cursor with a little noise, so both true-state features are linear in the latent.
        var scores = LatentGeometry.ProbeState(t.Env, t.Dataset, new DialReader(t.Encoder.Spec));
        Assert.Equal((300, 5), (scores.Points, scores.Folds));
        Assert.Equal(["beacon", "cursor"], t.Env.Registration.TrueState!.FeatureNames);
        Assert.InRange(scores.Linear[1]!.Value, 0.999, 1);
        Assert.InRange(scores.Linear[0]!.Value, 0.95, 1);
    }

    [Fact]
    public void ProbeState_encodes_with_the_modalities_it_is_given()
    {
        // The dial reader sees zeros when the dial is missing: the same probe knows the cursor with the dial and
        // nothing of it without.
        var reader = new DialReader(t.Encoder.Spec);
        int dial = t.Encoder.Spec.IndexOf("dial"), all = t.Encoder.Spec.Count;
        var with = LatentGeometry.ProbeState(t.Env, t.Dataset, reader, PresenceMask.None.With(dial));
        var without = LatentGeometry.ProbeState(t.Env, t.Dataset, reader, PresenceMask.All(all).Without(dial));
        Assert.InRange(with.Linear[1]!.Value, 0.999, 1);
        Assert.True(without.Linear[1] is null or < 0.05, $"cursor without the dial: {without.Linear[1]}");
        Assert.Contains("names no modality", Assert.Throws<ArgumentException>(() => LatentGeometry.ProbeState(t.Env, t.Dataset, reader, PresenceMask.None)).Message);
        Assert.Contains("beyond the encoder's 3", Assert.Throws<ArgumentException>(() => LatentGeometry.ProbeState(t.Env, t.Dataset, reader, PresenceMask.None.With(all))).Message);
    }

    private sealed class DialReader(ObservationSpec spec) : IFrozenEncoder
    {
        private readonly int _dial = spec.IndexOf("dial");
        public ObservationSpec Spec => spec;
        public Calibration? Calibration => null;
        public int FeatureSize => spec.Modalities[_dial].Length;

        public void Encode(ReadOnlySpan<MultimodalObservation> observations, Span<float> features)
        {
            for (int i = 0; i < observations.Length; i++)
            {
                var row = features.Slice(i * FeatureSize, FeatureSize);
                if (observations[i].Mask.Has(_dial)) observations[i].Floats(_dial).CopyTo(row);
                else row.Clear();
            }
        }

        public void Dispose() { }
    }

    [Fact]
    public void The_files_give_back_what_was_measured_and_damaged_ones_are_named()
    {
        var g = LatentGeometry.Measure(t.Env, t.Dataset, t.Encoder, Few);
        using var folder = new TestFolder("geometry-files");
        GeometryFiles.Write(folder.Path, g);
        var read = GeometryFiles.Read(folder.Path)!;
        Assert.Equal(Scores(g), Scores(read));
        Assert.Equal(g.Map!.Layers.Select(l => (l.Name, l.X.ToArray(), l.Y.ToArray())), read.Map!.Layers.Select(l => (l.Name, l.X.ToArray(), l.Y.ToArray())));
        Assert.Equal(g.Map.State, read.Map.State);
        Assert.Equal(g.StateFeatures, read.StateFeatures);
        Assert.Equal(g.StateProbes!.Select(p => (p.Name, p.Scores.Linear.ToList(), p.Scores.Neighbours.ToList(), p.Scores.Points)),
            read.StateProbes!.Select(p => (p.Name, p.Scores.Linear.ToList(), p.Scores.Neighbours.ToList(), p.Scores.Points)));
        Assert.Null(GeometryFiles.Read(Path.Combine(folder.Path, "elsewhere")));

        string csv = Path.Combine(folder.Path, GeometryFiles.MapName), json = Path.Combine(folder.Path, GeometryFiles.ScoresName);
        var lines = File.ReadAllLines(csv);
        File.WriteAllLines(csv, lines.Take(lines.Length - 1));
        Assert.Contains("set 'dial+hum' has 29 points", Assert.Throws<InvalidDataException>(() => GeometryFiles.Read(folder.Path)).Message);
        File.WriteAllLines(csv, [lines[0], "all,0,zero,1,0.5"]);
        Assert.Contains("line 2: a value is not a number", Assert.Throws<InvalidDataException>(() => GeometryFiles.Read(folder.Path)).Message);
        File.WriteAllText(json, "{ \"format_version\": 1, ");
        Assert.Contains("is not a valid geometry file", Assert.Throws<InvalidDataException>(() => GeometryFiles.Read(folder.Path)).Message);
    }

    private static List<(string, double, double, double, double, int)> Scores(GeometryReport g) =>
        g.Subsets.Select(s => (s.Name, s.Precision, s.Recall, s.NetworkConsistency, s.NetworkQuality, s.Components)).ToList();

    // The wrapped encoder's latents, moved by a fixed offset (plus a little of the sample's own noise) when a modality is missing.
    private sealed class Shifted(IFrozenEncoder inner, float offset) : IFrozenEncoder
    {
        public ObservationSpec Spec => inner.Spec;
        public Calibration? Calibration => inner.Calibration;
        public int FeatureSize => inner.FeatureSize;

        public void Encode(ReadOnlySpan<MultimodalObservation> observations, Span<float> features)
        {
            var complete = observations.ToArray().Select(o => { var c = o.Clone(); c.Mask = PresenceMask.All(Spec.Count); return c; }).ToArray();
            inner.Encode(complete, features);
            for (int i = 0; i < observations.Length; i++)
                if (!observations[i].Mask.IsComplete(Spec.Count))
                    for (int k = 0; k < FeatureSize; k++)
                        features[i * FeatureSize + k] += offset * (1 + 0.3f * ((i * 7 + k * 3) % 5));
        }

        public void Dispose() { }
    }
}
