#:project ../src/Agents/GmcRL.Agents.csproj
#:property PublishAot=false
// A DDPG update at the paper preset's sizes (issue 18: the agent loop as fast as the matrix products allow): 10 latent
// features, actor [256, 256], critic 256 / 256, batch 128, one intra-op thread (agent.threads).
// Usage: dotnet run benchmarks/ddpg_update_probe.cs
using System.Diagnostics;
using GmcRL.Agents;
using GmcRL.Agents.Ddpg;
using TorchSharp;
torch.set_num_threads(1);
const int F = 10, B = 128;
using var agent = new DdpgAgent(F, ActionSpec.Continuous([-2f], [2f]), new DdpgOptions(), 0);
var rng = new Random(1);
var batch = new Batch(B, F, 1);
for (int i = 0; i < batch.Features.Length; i++) { batch.Features[i] = (float)rng.NextDouble(); batch.NextFeatures[i] = (float)rng.NextDouble(); }
for (int i = 0; i < B; i++) { batch.Actions[i] = (float)(rng.NextDouble() * 4 - 2); batch.Rewards[i] = (float)rng.NextDouble(); }
for (int i = 0; i < 100; i++) agent.Update(batch);
for (int round = 0; round < 3; round++)
{
    var clock = Stopwatch.StartNew();
    for (int i = 0; i < 500; i++) agent.Update(batch);
    Console.WriteLine($"DDPG update: {clock.Elapsed.TotalMilliseconds / 500:F3} ms");
}
