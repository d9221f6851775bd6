#:project ../src/Api/GmcRL.Api.csproj
#:property PublishAot=false
// How much of the environment's true state a run's frozen features carry: fresh random-play samples (a seed the
// run's dataset did not use) are encoded, and each true-state component is predicted from the features by ridge
// regression (linear) and by the mean of the 10 nearest neighbours in feature space (non-linear), fitted on the
// first 80 % and scored by R^2 on the last 20 %. A diagnostic for "does the agent's input hold what it needs?".
// Usage: dotnet run benchmarks/latent_state_probe.cs -- <run folder> [samples] [seed]
// (a run folder whose agent is not trained yet works too when it holds a pretrained GMC model, gmc.gmc)
using System.Text.Json;
using GmcRL;
using GmcRL.Envs;
using GmcRL.Representation;
using GmcRL.Representation.Gmc;

if (args.Length < 1) { Console.Error.WriteLine("usage: dotnet run benchmarks/latent_state_probe.cs -- <run folder> [samples] [seed]"); return 2; }
string folder = args[0];
bool trained = File.Exists(Path.Combine(folder, "agent", "final.ckpt"));
using var run = trained ? TrainedRun.Open(folder) : null;
var env = run?.Env ?? Env.Make(JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "config.json"))).RootElement.GetProperty("env").GetProperty("name").GetString()!);
using var own = run is null ? GmcEncoder.Load(Path.Combine(folder, "gmc.gmc")) : null;
IFrozenEncoder encoder = run?.Encoder ?? own!;
string representation = run?.Folder.RepresentationName ?? "gmc";
int samples = args.Length > 1 ? int.Parse(args[1]) : 10_000;
int seed = args.Length > 2 ? int.Parse(args[2]) : 7;
var names = env.Registration.TrueState?.Names ?? throw new InvalidOperationException($"{env.Id} declares no true state");
var data = env.Collect(samples, seed);
int d = encoder.FeatureSize, s = data.States.Length / data.Count;
if (s != names.Count) throw new InvalidOperationException($"state has {s} values, names {names.Count}");
var x = new float[samples * d];
const int Chunk = 256;
var batch = Enumerable.Range(0, Chunk).Select(_ => new MultimodalObservation(data.Spec)).ToArray();
for (int start = 0; start < samples; start += Chunk)
{
    int n = Math.Min(Chunk, samples - start);
    for (int i = 0; i < n; i++) data.CopyObservation(start + i, batch[i]);
    encoder.Encode(batch.AsSpan(0, n), x.AsSpan(start * d, n * d));
}
double[] y = data.States.ToArray();
int train = samples * 4 / 5, test = samples - train;
Console.WriteLine($"latent_state_probe: {args[0]}");
Console.WriteLine($"  {env.Id}, {d}-d {representation} features, {samples:N0} random-play samples (seed {seed}), R^2 on the last {test:N0}");
Console.WriteLine($"  {"component",-20} {"linear",8} {"10-NN",8}");

// Ridge regression with a bias: (X'X + lambda I) w = X'y, solved by Cholesky.
int p = d + 1;
var xtx = new double[p, p];
for (int r = 0; r < train; r++)
    for (int a = 0; a < p; a++)
    {
        double xa = a < d ? x[r * d + a] : 1;
        for (int b = 0; b <= a; b++) xtx[a, b] += xa * (b < d ? x[r * d + b] : 1);
    }
for (int a = 0; a < p; a++) { for (int b = 0; b < a; b++) xtx[b, a] = xtx[a, b]; xtx[a, a] += 1e-3 * train / p; }
var chol = new double[p, p];
for (int a = 0; a < p; a++)
    for (int b = 0; b <= a; b++)
    {
        double sum = xtx[a, b];
        for (int k = 0; k < b; k++) sum -= chol[a, k] * chol[b, k];
        chol[a, b] = a == b ? Math.Sqrt(sum) : sum / chol[b, b];
    }
double[] Solve(double[] rhs)
{
    var z = new double[p];
    for (int a = 0; a < p; a++) { double v = rhs[a]; for (int k = 0; k < a; k++) v -= chol[a, k] * z[k]; z[a] = v / chol[a, a]; }
    var w = new double[p];
    for (int a = p - 1; a >= 0; a--) { double v = z[a]; for (int k = a + 1; k < p; k++) v -= chol[k, a] * w[k]; w[a] = v / chol[a, a]; }
    return w;
}

// The 10 nearest training samples of every test sample (squared Euclidean distance in feature space).
const int K = 10;
var neighbours = new int[test * K];
Parallel.For(0, test, t =>
{
    var best = new (double Dist, int Index)[K];
    for (int k = 0; k < K; k++) best[k] = (double.MaxValue, -1);
    int row = (train + t) * d;
    for (int r = 0; r < train; r++)
    {
        double dist = 0;
        for (int a = 0; a < d; a++) { double diff = x[row + a] - x[r * d + a]; dist += diff * diff; }
        if (dist >= best[K - 1].Dist) continue;
        int at = K - 1;
        while (at > 0 && best[at - 1].Dist > dist) { best[at] = best[at - 1]; at--; }
        best[at] = (dist, r);
    }
    for (int k = 0; k < K; k++) neighbours[t * K + k] = best[k].Index;
});

double linearSum = 0, nnSum = 0;
int scored = 0;
for (int c = 0; c < s; c++)
{
    double mean = 0;
    for (int r = 0; r < train; r++) mean += y[r * s + c];
    mean /= train;
    double total = 0;
    for (int t = 0; t < test; t++) { double v = y[(train + t) * s + c] - mean; total += v * v; }
    if (total < 1e-12) { Console.WriteLine($"  {names[c],-20} {"constant",8}"); continue; }
    var rhs = new double[p];
    for (int r = 0; r < train; r++)
        for (int a = 0; a < p; a++) rhs[a] += (a < d ? x[r * d + a] : 1) * y[r * s + c];
    var w = Solve(rhs);
    double linear = 0, nn = 0;
    for (int t = 0; t < test; t++)
    {
        int row = (train + t) * d;
        double guess = w[d];
        for (int a = 0; a < d; a++) guess += w[a] * x[row + a];
        double truth = y[(train + t) * s + c];
        linear += (truth - guess) * (truth - guess);
        double knn = 0;
        for (int k = 0; k < K; k++) knn += y[neighbours[t * K + k] * s + c];
        knn /= K;
        nn += (truth - knn) * (truth - knn);
    }
    double r2Linear = 1 - linear / total, r2Nn = 1 - nn / total;
    linearSum += r2Linear; nnSum += r2Nn; scored++;
    Console.WriteLine($"  {names[c],-20} {r2Linear,8:F3} {r2Nn,8:F3}");
}
Console.WriteLine($"  {"mean",-20} {linearSum / scored,8:F3} {nnSum / scored,8:F3}");
return 0;

