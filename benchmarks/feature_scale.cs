#:project ../src/Api/GmcRL.Api.csproj
#:property PublishAot=false
// The scale of a run's frozen features, as the representation gives them (what an agent without agent.standardize_features receives):
// fresh random-play samples (seed 7) encoded with every modality; prints the mean norm, the spread of the
// per-feature standard deviations and the largest |mean|.
// Usage: dotnet run benchmarks/feature_scale.cs -- <run folder> [samples, a multiple of 100; default 2000]
// (a run folder whose agent is not trained yet works too once its representation is pretrained)
using GmcRL;
using GmcRL.Envs;
using GmcRL.Representation;

if (args.Length < 1) { Console.Error.WriteLine("usage: dotnet run benchmarks/feature_scale.cs -- <run folder> [samples]"); return 2; }
string folder = args[0];
var (env, encoder) = TrainedRun.OpenRepresentation(folder);
using var owned = encoder;
int n = args.Length > 1 ? int.Parse(args[1]) : 2000;
if (n < 100 || n % 100 != 0) { Console.Error.WriteLine("feature_scale: samples must be a positive multiple of 100"); return 2; }
var data = env.Collect(n, 7);
int d = encoder.FeatureSize;
var f = new float[n * d];
var batch = new MultimodalObservation[100];
for (int i = 0; i < batch.Length; i++) batch[i] = new MultimodalObservation(data.Spec);
for (int start = 0; start < n; start += 100)
{
    for (int i = 0; i < 100; i++) data.CopyObservation(start + i, batch[i]);
    encoder.Encode(batch, f.AsSpan(start * d, 100 * d));
}
double normSum = 0;
var mean = new double[d]; var sq = new double[d];
for (int i = 0; i < n; i++) { double s2 = 0; for (int j = 0; j < d; j++) { double x = f[i * d + j]; mean[j] += x; sq[j] += x * x; s2 += x * x; } normSum += Math.Sqrt(s2); }
var std = new double[d];
for (int j = 0; j < d; j++) { mean[j] /= n; std[j] = Math.Sqrt(Math.Max(0, sq[j] / n - mean[j] * mean[j])); }
Console.WriteLine($"{folder}: {d}-d, mean norm {normSum / n:F3}, per-dim std min {std.Min():F4} median {std.Order().ElementAt(d / 2):F4} max {std.Max():F4}, |mean| max {mean.Max(Math.Abs):F4}");
return 0;
