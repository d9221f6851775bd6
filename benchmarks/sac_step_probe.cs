#:project ../src/Api/GmcRL.Api.csproj
#:property PublishAot=false
// Times the pieces of a quickstart SAC step alone and side by side (issue 18): the pendulum's step (image + sound),
// the GMC encoder on one observation, a SAC update at the quickstart's size, and the update on a second thread while
// the step and the encoding run (what agent.overlap does).
// Usage: dotnet run benchmarks/sac_step_probe.cs -- <a finished quickstart run folder>
using System.Diagnostics;
using GmcRL;
using GmcRL.Agents;
using GmcRL.Agents.Sac;
using GmcRL.Envs;
using GmcRL.Envs.Registry;
using TorchSharp;
torch.set_num_threads(1);
if (args.Length < 1) { Console.Error.WriteLine("usage: dotnet run benchmarks/sac_step_probe.cs -- <run folder>"); return 2; }
using var run = TrainedRun.Open(args[0]);
var reg = (EnvRegistration<float[]>)run.Env.Registration;
var env = new GmcRL.Envs.Wrappers.FrameStack<float[]>(reg.Make(new EnvContext(0, run.Encoder.Calibration)), run.Env.FrameStack);
var obs = env.Reset(0).Observation;
var single = new MultimodalObservation[1];
var feats = new float[run.Encoder.FeatureSize];
int F = feats.Length;
var agent = new SacAgent(F, ActionSpec.Continuous([-2f], [2f]), new SacOptions { Hidden = [128, 128], BatchSize = 128 }, 0);
var rng = new Random(1);
var batch = new Batch(128, F, 1);
for (int i = 0; i < batch.Features.Length; i++) { batch.Features[i] = (float)rng.NextDouble(); batch.NextFeatures[i] = (float)rng.NextDouble(); }
for (int i = 0; i < 128; i++) { batch.Actions[i] = (float)(rng.NextDouble() * 4 - 2); batch.Rewards[i] = (float)rng.NextDouble(); }
var a = new float[] { 0.5f };
int t = 0;
void StepEncode() { var r = env.Step(a); single[0] = r.Observation; if (++t % 200 == 0) env.Reset(t); run.Encoder.Encode(single, feats); }
void StepOnly() { env.Step(a); if (++t % 200 == 0) env.Reset(t); }
void EncodeOnly() { single[0] = obs; run.Encoder.Encode(single, feats); }
double T(Action f, int n) { for (int i = 0; i < 50; i++) f(); var sw = Stopwatch.StartNew(); for (int i = 0; i < n; i++) f(); return sw.Elapsed.TotalMilliseconds / n; }
for (int rep = 0; rep < 2; rep++)
{
    double step = T(StepOnly, 1000), enc = T(EncodeOnly, 1000), se = T(StepEncode, 1000), upd = T(() => agent.Update(batch), 500);
    double both = T(() => { var task = Task.Run(() => agent.Update(batch)); StepEncode(); task.Wait(); }, 500);
    double serial = T(() => { agent.Update(batch); StepEncode(); }, 500);
    Console.WriteLine($"step {step:F3}  encode {enc:F3}  step+encode {se:F3}  update {upd:F3}  serial {serial:F3}  overlapped {both:F3} ms");
}
return 0;
