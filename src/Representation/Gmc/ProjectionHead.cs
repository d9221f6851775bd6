using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Representation.Gmc;

/// <summary>The shared projection head g (GMC-SPEC §2): Linear(d -&gt; hidden), Swish, Linear(hidden -&gt; latent),
/// then L2 normalisation, so z = g(h) / |g(h)| and dot products of latents are cosines.</summary>
internal sealed class ProjectionHead : nn.Module<Tensor, Tensor>
{
    private readonly Linear hidden;
    private readonly Linear output;

    public ProjectionHead(string name, GmcModelOptions options) : base(name)
    {
        hidden = nn.Linear(options.CommonDim, options.HeadHidden);
        output = nn.Linear(options.HeadHidden, options.LatentDim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor h)
    {
        using var a = hidden.forward(h);
        using var s = nn.functional.silu(a);
        using var z = output.forward(s);
        return nn.functional.normalize(z, p: 2, dim: 1);
    }
}
