#:project ../src/Representation/GmcRL.Representation.csproj
#:property PublishAot=false
// The image trunks' convolution weight gradients (issue 18), bfloat16, batch 128, 2 threads: oneDNN's (forward plus
// backward less forward) against an im2col copy plus one matrix product, and against 16 products on strided views.
// Usage: dotnet run benchmarks/conv_weight_gradient_probe.cs
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;
torch.set_num_threads(2);
double T(Action f, int n) { for (int i = 0; i < 3; i++) f(); var sw = Stopwatch.StartNew(); for (int i = 0; i < n; i++) f(); return sw.Elapsed.TotalMilliseconds / n; }
var bf = ScalarType.BFloat16;
foreach (var (B, C, O, H) in new[] { (128, 32, 64, 30), (128, 2, 32, 60) })
{
int OH = H / 2;
var x = randn(B, H, H, C).to(bf).permute(0, 3, 1, 2);            // NCHW view, NHWC memory
var w = (randn(O, C, 4, 4) * 0.05).to(bf);
var g = randn(B, OH, OH, O).to(bf).permute(0, 3, 1, 2);
// oneDNN: weight gradient only (input without grad)
var wr = w.detach().requires_grad_(true);
double onednn = T(() => { using var s = NewDisposeScope(); var y = nn.functional.conv2d(x, wr, strides: [2, 2], padding: [1, 1]); y.backward([g]); wr.grad!.zero_(); }, 20);
double fwd = T(() => { using var s = NewDisposeScope(); var y = nn.functional.conv2d(x, w, strides: [2, 2], padding: [1, 1]); }, 20);
// im2col: pad NHWC, strided view [B, OH, OW, 4, 4, C], one copy, one GEMM
Tensor Gemm()
{
    using var s = NewDisposeScope();
    var xn = x.permute(0, 2, 3, 1);                                  // [B, H, W, C] contiguous
    var xp = nn.functional.pad(xn, [0, 0, 1, 1, 1, 1]);              // [B, H+2, W+2, C]
    long Hp = H + 2;
    var cols = xp.as_strided([B, OH, OH, 4, 4, C], [Hp * Hp * C, 2 * Hp * C, 2 * C, Hp * C, C, 1]).reshape(B * OH * OH, 16 * C);
    var gy = g.permute(0, 2, 3, 1).reshape(B * OH * OH, O);          // NHWC memory: a view
    var dw = gy.t().matmul(cols);                                    // [O, 16C] in (kh, kw, c) order
    return dw.view(O, 4, 4, C).permute(0, 3, 1, 2).contiguous().MoveToOuterDisposeScope();
}
double gemm = T(() => { using var r = Gemm(); }, 20);
// per-(kh,kw) GEMMs on strided views copied one at a time
Tensor Split()
{
    using var s = NewDisposeScope();
    var xp = nn.functional.pad(x.permute(0, 2, 3, 1), [0, 0, 1, 1, 1, 1]);
    long Hp = H + 2;
    var gyt = g.permute(0, 2, 3, 1).reshape(B * OH * OH, O).t();
    var parts = new List<Tensor>();
    for (int kh = 0; kh < 4; kh++) for (int kw = 0; kw < 4; kw++)
    {
        var v = xp.narrow(1, kh, 2 * OH - 1).narrow(2, kw, 2 * OH - 1).as_strided([B, OH, OH, C], [Hp * Hp * C, 2 * Hp * C, 2 * C, 1], (kh * Hp + kw) * C);
        parts.Add(gyt.matmul(v.reshape(B * OH * OH, C)));
    }
    return stack(parts, 2).view(O, C, 4, 4).contiguous().MoveToOuterDisposeScope();
}
double split = T(() => { using var r = Split(); }, 20);
// check
var reference = (Func<Tensor>)(() => { var y = nn.functional.conv2d(x.to(ScalarType.Float32), wr.detach().to(ScalarType.Float32).requires_grad_(true), strides: [2, 2], padding: [1, 1]); return y; });
var wf = w.to(ScalarType.Float32).requires_grad_(true);
var yf = nn.functional.conv2d(x.to(ScalarType.Float32), wf, strides: [2, 2], padding: [1, 1]); yf.backward([g.to(ScalarType.Float32)]);
using var mine = Gemm(); using var mine2 = Split();
double err = (mine.to(ScalarType.Float32) - wf.grad!).abs().max().item<float>() / wf.grad!.abs().max().item<float>();
double err2 = (mine2.to(ScalarType.Float32) - wf.grad!).abs().max().item<float>() / wf.grad!.abs().max().item<float>();
Console.WriteLine($"[{B},{C}->{O},{H}] forward {fwd:F2} ms; fwd+weight grad oneDNN {onednn:F2} ms; im2col+GEMM {gemm:F2} ms (rel err {err:E1}); 16 GEMMs {split:F2} ms (rel err {err2:E1})");
}
