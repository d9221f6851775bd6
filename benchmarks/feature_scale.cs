#:project ../src/Api/GmcRL.Api.csproj
#:property PublishAot=false
// The scale of a run's frozen features as the representation gives them (what an agent without
// agent.standardize_features receives): fresh random-play samples (seed 7) encoded with every modality, measured as
// agent.standardize_features would measure them; prints the root-mean-square norm sqrt(sum of mean^2 + std^2), the
// spread of the per-feature standard deviations and the largest |mean|.
// Usage: dotnet run benchmarks/feature_scale.cs -- <run folder> [samples; default 2000]
// (a run folder whose agent is not trained yet works too once its representation is pretrained)
using GmcRL;

if (args.Length < 1) { Console.Error.WriteLine("usage: dotnet run benchmarks/feature_scale.cs -- <run folder> [samples]"); return 2; }
var (env, encoder) = TrainedRun.OpenRepresentation(args[0]);
using var owned = encoder;
int n = args.Length > 1 ? int.Parse(args[1]) : 2000;
var map = FeatureStandardization.Fit(encoder, env.Collect(n, 7));
var std = map.Std.Order().ToList();
double rms = Math.Sqrt(map.Mean.Zip(map.Std, (m, s) => (double)m * m + (double)s * s).Sum());
Console.WriteLine($"{args[0]}: {encoder.FeatureSize}-d, {n} samples, RMS norm {rms:F3}, per-feature std min {std[0]:F4} median {std[std.Count / 2]:F4} max {std[^1]:F4}, |mean| max {map.Mean.Max(Math.Abs):F4}");
return 0;
