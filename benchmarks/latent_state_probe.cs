#:project ../src/Api/GmcRL.Api.csproj
#:property PublishAot=false
// How much of the environment's true state a run's frozen features carry: fresh random-play samples (a seed the
// run's dataset did not use) are encoded, and each true-state component is predicted from the features by ridge
// regression (linear) and by the mean of the 10 nearest neighbours in feature space (non-linear), each sample from
// the others in five contiguous folds (LatentGeometry.ProbeState: the probe of every run's geometry, but on as many
// samples as you ask for; a run's few held-out steps of Hyperhot are too few games). A diagnostic for "does the
// agent's input hold what it needs?".
// Usage: dotnet run benchmarks/latent_state_probe.cs -- <run folder> [samples] [seed] [modalities]
// (modalities: comma-separated names of the ones the encoder sees, e.g. image; the rest are missing. Default: all)
// (a run folder whose agent is not trained yet works too once its representation is pretrained)
using GmcRL;
using GmcRL.Envs;
using GmcRL.Representation;

if (args.Length < 1) { Console.Error.WriteLine("usage: dotnet run benchmarks/latent_state_probe.cs -- <run folder> [samples] [seed] [modalities]"); return 2; }
var (env, encoder) = TrainedRun.OpenRepresentation(args[0]);
using var owned = encoder;
string representation = GmcRL.Runs.RunFolder.Open(args[0]).RepresentationName;
int samples = args.Length > 1 ? int.Parse(args[1]) : 10_000;
int seed = args.Length > 2 ? int.Parse(args[2]) : 7;
var modalities = encoder.Spec.Modalities.Select(m => m.Name).ToList();
var present = PresenceMask.All(modalities.Count);
if (args.Length > 3)
{
    try { present = encoder.Spec.MaskOf(args[3].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)); }
    catch (ArgumentException e) { Console.Error.WriteLine($"latent_state_probe: {e.Message}"); return 2; }
    if (present.Count == 0) { Console.Error.WriteLine($"latent_state_probe: name at least one modality ({string.Join(", ", modalities)})"); return 2; }
}
string seen = present.IsComplete(modalities.Count) ? "all modalities" : string.Join("+", modalities.Where((_, i) => present.Has(i))) + " only";
var names = env.Registration.TrueState?.FeatureNames ?? throw new InvalidOperationException($"{env.Id} declares no true state");
var scores = LatentGeometry.ProbeState(env, env.Collect(samples, seed), encoder, present);
Console.WriteLine($"latent_state_probe: {args[0]}");
Console.WriteLine($"  {env.Id}, {encoder.FeatureSize}-d {representation} features, {samples:N0} random-play samples (seed {seed}), {seen}, out-of-fold R^2 ({scores.Folds} contiguous folds)");
Console.WriteLine($"  {"component",-20} {"linear",8} {"10-NN",8}");
for (int c = 0; c < names.Count; c++)
    Console.WriteLine(scores.Linear[c] is { } linear ? $"  {names[c],-20} {linear,8:F3} {scores.Neighbours[c]!.Value,8:F3}" : $"  {names[c],-20} {"constant",8}");
Console.WriteLine($"  {"mean",-20} {scores.MeanLinear,8:F3} {scores.MeanNeighbours,8:F3}");
return 0;
