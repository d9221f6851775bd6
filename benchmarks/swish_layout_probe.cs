#:project ../src/Representation/GmcRL.Representation.csproj
#:property PublishAot=false
// The last Swish of an image trunk, forward and backward with flatten after it (issue 18): on conv2's channels-last
// output as it is, and made contiguous (C, H, W) first, as ConvTrunk now does. Batch 128, bfloat16, 2 threads.
// Usage: dotnet run benchmarks/swish_layout_probe.cs
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;
torch.set_num_threads(2);
double T(Action f, int n) { for (int i = 0; i < 5; i++) f(); var sw = Stopwatch.StartNew(); for (int i = 0; i < n; i++) f(); return sw.Elapsed.TotalMilliseconds / n; }
var bf = ScalarType.BFloat16;
var c = randn(128, 15, 15, 64).to(bf).permute(0, 3, 1, 2);   // channels-last, as conv2's output
var cr = c.detach().requires_grad_(true);
var g = randn(128, 64 * 15 * 15).to(bf);
double now = T(() => { using var s = NewDisposeScope(); var h = nn.functional.silu(cr).flatten(1); h.backward([g]); cr.grad!.zero_(); }, 30);
double nchw = T(() => { using var s = NewDisposeScope(); var h = nn.functional.silu(cr.contiguous()).flatten(1); h.backward([g]); cr.grad!.zero_(); }, 30);
Console.WriteLine($"silu + flatten fwd+bwd: as now {now:F2} ms; made contiguous first {nchw:F2} ms");
