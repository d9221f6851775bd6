using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Representation.Gmc;

/// <summary>The shared projection head g (docs/method.md §2): Linear(d -&gt; hidden), Swish, Linear(hidden -&gt; latent),
/// then L2 normalisation, so z = g(h) / |g(h)| and dot products of latents are cosines. Without normalisation it is the
/// latent layer of the fusion autoencoder baseline, whose latent is unconstrained.</summary>
internal sealed class ProjectionHead : nn.Module<Tensor, Tensor>
{
    private readonly Linear hidden;
    private readonly Linear output;
    private readonly bool _normalize;

    public ProjectionHead(string name, GmcModelOptions options, bool normalize = true) : base(name)
    {
        _normalize = normalize;
        hidden = nn.Linear(options.CommonDim, options.HeadHidden);
        output = nn.Linear(options.HeadHidden, options.LatentDim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor h)
    {
        using var a = hidden.forward(h);
        using var s = nn.functional.silu(a);
        if (!_normalize) return output.forward(s);
        using var z = output.forward(s);
        return nn.functional.normalize(z, p: 2, dim: 1);
    }
}
