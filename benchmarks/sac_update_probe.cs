#:project ../src/Agents/GmcRL.Agents.csproj
#:property PublishAot=false
// Where a SAC update's time goes (issue 18: SAC at 500 steps/s): the update at several network widths and batch sizes
// (what does not shrink with them is per-operator overhead), and Adam's step over SAC-shaped parameters.
// Usage: dotnet run benchmarks/sac_update_probe.cs
using System.Diagnostics;
using GmcRL.Agents;
using GmcRL.Agents.Sac;
using TorchSharp;
using static TorchSharp.torch;
torch.set_num_threads(1);
int F = 10;
var agent = new SacAgent(F, ActionSpec.Continuous([-2f], [2f]), new SacOptions { Hidden = [128, 128], BatchSize = 128 }, 0);
var rng = new Random(1);
var batch = new Batch(128, F, 1);
for (int i = 0; i < batch.Features.Length; i++) { batch.Features[i] = (float)rng.NextDouble(); batch.NextFeatures[i] = (float)rng.NextDouble(); }
for (int i = 0; i < 128; i++) { batch.Actions[i] = (float)(rng.NextDouble() * 4 - 2); batch.Rewards[i] = (float)rng.NextDouble(); }
for (int i = 0; i < 50; i++) agent.Update(batch);
double T(Action a, int n) { var sw = Stopwatch.StartNew(); for (int i = 0; i < n; i++) a(); return sw.Elapsed.TotalMilliseconds / n; }
var feats = new float[F]; var act = new float[1];
foreach (var (h, bs) in new[] { (128, 16), (128, 128), (32, 128), (128, 512) })
{
    var ag = new SacAgent(F, ActionSpec.Continuous([-2f], [2f]), new SacOptions { Hidden = [h, h], BatchSize = bs }, 0);
    var bb = new Batch(bs, F, 1);
    for (int i = 0; i < bb.Features.Length; i++) { bb.Features[i] = (float)rng.NextDouble(); bb.NextFeatures[i] = (float)rng.NextDouble(); }
    for (int i = 0; i < bs; i++) { bb.Actions[i] = (float)(rng.NextDouble() * 4 - 2); bb.Rewards[i] = (float)rng.NextDouble(); }
    for (int i = 0; i < 50; i++) ag.Update(bb);
    Console.WriteLine($"hidden {h} batch {bs}: {T(() => ag.Update(bb), 300):F3} ms");
}
for (int rep = 0; rep < 1; rep++)
{
    double upd = T(() => agent.Update(batch), 400);
    double actT = T(() => agent.Act(feats, act, ActMode.Exploring(1000)), 2000);
    // Adam over SAC-shaped parameters
    var actorP = new[] { randn(128, 10), randn(128), randn(128, 128), randn(128), randn(1, 128), randn(1), randn(1, 128), randn(1) }.Select(t => new TorchSharp.Modules.Parameter(t)).ToArray();
    var criticP = new[] { randn(2, 11, 128), randn(2, 1, 128), randn(2, 128, 128), randn(2, 1, 128), randn(2, 128, 1), randn(2, 1, 1) }.Select(t => new TorchSharp.Modules.Parameter(t)).ToArray();
    foreach (var p in actorP.Concat(criticP)) p.grad = randn(p.shape);
    var oa = optim.Adam(actorP, 1e-3); var oc = optim.Adam(criticP, 1e-3);
    double adamA = T(() => oa.step(), 1000), adamC = T(() => oc.step(), 1000);
    Console.WriteLine($"update {upd:F3} ms  act {actT:F3} ms  adam actor(8) {adamA:F3} critic(6) {adamC:F3} ms");
}
