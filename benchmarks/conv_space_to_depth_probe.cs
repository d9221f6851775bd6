#:project ../src/Representation/GmcRL.Representation.csproj
#:property PublishAot=false
// The image trunk's two stride-2 convolutions (kernel 4, padding 1) against the same mathematics as space-to-depth
// rearrangements followed by 2x2 stride-1 convolutions (issue 18, a way to faster backward passes that did not pan
// out): one trunk's forward and backward at batch 128, two threads. Usage: dotnet run benchmarks/conv_space_to_depth_probe.cs [-- f32]
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;
torch.set_num_threads(2);
int B = 128;
manual_seed(1);
var type = args.Length > 0 && args[0] == "f32" ? ScalarType.Float32 : ScalarType.BFloat16;
var x = rand(B, 60, 60, 2).permute(0, 3, 1, 2); // NHWC strides, NCHW shape
var w1 = randn(32, 2, 4, 4).mul(0.1).requires_grad_(true);
var w2 = randn(64, 32, 4, 4).mul(0.05).requires_grad_(true);
long[] s2 = [2, 2], p1 = [1, 1], s1 = [1, 1], p0 = [0, 0];

Tensor S2D(Tensor h, int pad) // [B,C,H,W] -> pad -> [B,4C,H'/2,W'/2] with NHWC strides, channel order (c, a, b)
{
    var hn = nn.functional.pad(h.permute(0, 2, 3, 1), [0, 0, pad, pad, pad, pad]); // [B,H,W,C]
    long b = hn.shape[0], H = hn.shape[1], W = hn.shape[2], c = hn.shape[3];
    return hn.reshape(b, H / 2, 2, W / 2, 2, c).permute(0, 1, 3, 5, 2, 4).reshape(b, H / 2, W / 2, c * 4).permute(0, 3, 1, 2);
}
Tensor WS2D(Tensor w) // [O,C,4,4] -> [O,4C,2,2]: kh = 2i + a
{
    long o = w.shape[0], c = w.shape[1];
    return w.reshape(o, c, 2, 2, 2, 2).permute(0, 1, 3, 5, 2, 4).reshape(o, c * 4, 2, 2);
}
Tensor A() // current
{
    using var scope = NewDisposeScope();
    var h1 = nn.functional.silu(nn.functional.conv2d(x.to(type), w1.to(type), strides: s2, padding: p1));
    var h2 = nn.functional.silu(nn.functional.conv2d(h1, w2.to(type), strides: s2, padding: p1));
    return h2.flatten(1).to(ScalarType.Float32).MoveToOuterDisposeScope();
}
Tensor Bv(bool both) // conv2 (and conv1) as space-to-depth + 2x2 stride 1
{
    using var scope = NewDisposeScope();
    Tensor h1;
    if (both)
    {
        // conv1 input 60x60 pad 1 -> 62x62 -> s2d 31x31x8, 2x2 conv -> 30x30
        var xs = S2D(x.to(type), 1);
        h1 = nn.functional.silu(nn.functional.conv2d(xs, WS2D(w1.to(type)), strides: s1, padding: p0));
    }
    else h1 = nn.functional.silu(nn.functional.conv2d(x.to(type), w1.to(type), strides: s2, padding: p1));
    var hs = S2D(h1, 1);
    var h2 = nn.functional.silu(nn.functional.conv2d(hs, WS2D(w2.to(type)), strides: s1, padding: p0));
    return h2.flatten(1).to(ScalarType.Float32).MoveToOuterDisposeScope();
}
using (no_grad())
{
    using var a = A(); using var b = Bv(false); using var c = Bv(true);
    Console.WriteLine($"max |A-B| {a.sub(b).abs().max().item<float>():G3}  |A-C| {a.sub(c).abs().max().item<float>():G3}  |A| {a.abs().max().item<float>():G3}");
}
double Time(Func<Tensor> f, int n)
{
    for (int i = 0; i < 3; i++) { using var y = f(); using var l = y.sum(); l.backward(); w1.grad!.zero_(); w2.grad!.zero_(); }
    var sw = Stopwatch.StartNew();
    for (int i = 0; i < n; i++) { using var y = f(); using var l = y.sum(); l.backward(); }
    return sw.Elapsed.TotalMilliseconds / n;
}
for (int r = 0; r < 3; r++)
    Console.WriteLine($"{type}: current {Time(A, 10):F1} ms   s2d conv2 {Time(() => Bv(false), 10):F1} ms   s2d both {Time(() => Bv(true), 10):F1} ms");
