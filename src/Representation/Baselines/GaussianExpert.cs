using GmcRL.Envs;
using GmcRL.Representation.Gmc;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Representation.Baselines;

/// <summary>The MVAE's inference network of one modality, q(z | x_m) = N(mu, diag(exp(logvar))): GMC's base encoder
/// f_m (trunk, then Linear(-&gt; d)), Swish, then Linear(d -&gt; latent) for mu and for logvar.</summary>
internal sealed class GaussianExpert : nn.Module<Tensor, (Tensor Mu, Tensor LogVar)>
{
    private readonly ModalityEncoder encoder;
    private readonly Linear mu;
    private readonly Linear logvar;

    public GaussianExpert(string name, ModalitySpec modality, GmcModelOptions options) : base(name)
    {
        encoder = new ModalityEncoder("encoder", modality, options);
        mu = nn.Linear(options.CommonDim, options.LatentDim);
        logvar = nn.Linear(options.CommonDim, options.LatentDim);
        RegisterComponents();
    }

    public override (Tensor Mu, Tensor LogVar) forward(Tensor x)
    {
        using var h = encoder.forward(x);
        using var s = nn.functional.silu(h);
        return (mu.forward(s), logvar.forward(s));
    }
}
