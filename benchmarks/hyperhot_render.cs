#:project ../src/Api/GmcRL.Api.csproj
#:property PublishAot=false
// Usage: dotnet run -c Release benchmarks/hyperhot_render.cs
// Times rendering the longest of 300 random-play Hyperhot episodes (4-channel audio) into GIF + WAV + HTML, then with MP4.
using System.Diagnostics;
using GmcRL.Envs;
using GmcRL.Envs.Wrappers;
using GmcRL.Replays;
using GmcRL.Replays.Rendering;
using HyperhotEnv = GmcRL.Envs.Hyperhot.Hyperhot;

Replay Record(int seed)
{
    var game = new HyperhotEnv(seed: seed);
    IEnvironment<MultimodalObservation, int> env = new FrameStack<int>(game, 2);
    var recorder = new ReplayRecorder();
    recorder.Begin(new ReplayHeader { Environment = "hyperhot-v1", Agent = "random", Condition = "all", Seed = seed, Dt = 1.0 / 30,
        FramesPerObservation = 2, Modalities = game.Spec.Modalities, StateNames = game.StateNames, ActionSize = 1 });
    var rng = new Random(seed);
    var reset = env.Reset(seed); var obs = reset.Observation; double[] state = reset.Info.State.ToArray();
    while (true)
    {
        int a = rng.Next(6);
        recorder.Record(obs, state, [a]);
        var r = env.Step(a); recorder.Rewarded(r.Reward); obs = r.Observation; state = r.Info.State.ToArray();
        if (r.Done) break;
    }
    return recorder.Finish();
}
var longest = Enumerable.Range(0, 300).Select(Record).MaxBy(r => r.Count)!;
Console.WriteLine($"episode of {longest.Count} steps");
string dir = Path.Combine(Path.GetTempPath(), "hh-render-time");
foreach (bool mp4 in new[] { false, false, false, true })
{
    var clock = Stopwatch.StartNew();
    var result = ReplayRenderer.Render(longest, dir, "hh", new RenderOptions { Mp4 = mp4 });
    clock.Stop();
    Console.WriteLine($"mp4 {mp4}: {clock.Elapsed.TotalSeconds:F2} s; gif {new FileInfo(result.Gif).Length:N0} B, wav {new FileInfo(result.Wav!).Length:N0} B, html {new FileInfo(result.Html).Length:N0} B{(result.Mp4 is null ? "" : $", mp4 {new FileInfo(result.Mp4).Length:N0} B")}");
}
