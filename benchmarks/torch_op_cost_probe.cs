#:project ../src/Agents/GmcRL.Agents.csproj
#:property PublishAot=false
// What one TorchSharp operator call costs on this machine (issue 18: the SAC update is bound by operator calls), one
// intra-op thread: plain and in-place adds, grad-tracked multiplications with and without their backward pass, an
// implicit double-to-Scalar conversion, and a 128 x 128 x 128 matrix product. Usage: dotnet run benchmarks/torch_op_cost_probe.cs
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;
torch.set_num_threads(1);
var a = randn(128, 1); var b = randn(128, 1);
var w = randn(128, 128).requires_grad_(true); var x = randn(128, 128);
double T(Action f, int n) { for (int i = 0; i < 200; i++) f(); var sw = Stopwatch.StartNew(); for (int i = 0; i < n; i++) f(); return sw.Elapsed.TotalMilliseconds * 1000 / n; }
Console.WriteLine($"add in scope (us/op): {T(() => { using var s = NewDisposeScope(); for (int i = 0; i < 100; i++) a.add(b); }, 200) / 100:F2}");
Console.WriteLine($"add using (us/op): {T(() => { for (int i = 0; i < 100; i++) { using var c = a.add(b); } }, 200) / 100:F2}");
Console.WriteLine($"add_ inplace (us/op): {T(() => { for (int i = 0; i < 100; i++) { a.add_(b); } }, 200) / 100:F2}");
Console.WriteLine($"mul grad-tracked in scope (us/op): {T(() => { using var s = NewDisposeScope(); var y = w; for (int i = 0; i < 100; i++) y = y.mul(1.0001f); }, 100) / 100:F2}");
Console.WriteLine($"mul grad-tracked fwd+bwd in scope (us/op): {T(() => { using var s = NewDisposeScope(); var y = w; for (int i = 0; i < 100; i++) y = y.mul(1.0001f); y.sum().backward(); w.grad!.zero_(); }, 100) / 100:F2}");
var k = 1.0001.ToScalar(); var wn = randn(128,128);
Console.WriteLine($"mul scalar no grad in scope (us/op): {T(() => { using var s = NewDisposeScope(); var y = wn; for (int i = 0; i < 100; i++) y = y.mul(k); }, 100) / 100:F2}");
Console.WriteLine($"mul scalar grad-tracked in scope (us/op): {T(() => { using var s = NewDisposeScope(); var y = w; for (int i = 0; i < 100; i++) y = y.mul(k); }, 100) / 100:F2}");
var ws = randn(128,1).requires_grad_(true);
Console.WriteLine($"mul scalar grad-tracked small [128,1] (us/op): {T(() => { using var s = NewDisposeScope(); var y = ws; for (int i = 0; i < 100; i++) y = y.mul(k); }, 100) / 100:F2}");
Console.WriteLine($"  + backward (us/op): {T(() => { using var s = NewDisposeScope(); var y = ws; for (int i = 0; i < 100; i++) y = y.mul(k); y.sum().backward(); ws.grad!.zero_(); }, 100) / 100:F2}");
Console.WriteLine($"matmul 128x128x128 (us): {T(() => { using var c = x.matmul(x); }, 2000):F2}");
