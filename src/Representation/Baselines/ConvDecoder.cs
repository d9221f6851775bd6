using GmcRL.Representation.Gmc;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Representation.Baselines;

/// <summary>The image decoder, the image trunk of docs/method.md §2 run backwards (as MUSE's pendulum decoder): Linear(latent
/// -&gt; head hidden), Swish, Linear(-&gt; c2 (H/4) (W/4)), Swish, ConvTranspose2d(c2 -&gt; c1, 4, 2, 1, no bias), Swish,
/// ConvTranspose2d(c1 -&gt; frames, 4, 2, 1, no bias). Input [B, latent]; output [B, frames, H, W] logits.</summary>
internal sealed class ConvDecoder : nn.Module<Tensor, Tensor>
{
    private readonly Linear hidden;
    private readonly Linear expand;
    private readonly ConvTranspose2d deconv1;
    private readonly ConvTranspose2d deconv2;
    private readonly long[] _grid;

    public ConvDecoder(string name, IReadOnlyList<int> shape, GmcModelOptions options) : base(name)
    {
        _grid = [options.ConvChannels2, shape[1] / 4, shape[2] / 4];
        hidden = nn.Linear(options.LatentDim, options.HeadHidden);
        expand = nn.Linear(options.HeadHidden, _grid[0] * _grid[1] * _grid[2]);
        deconv1 = nn.ConvTranspose2d(options.ConvChannels2, options.ConvChannels1, 4, stride: 2, padding: 1, bias: false);
        deconv2 = nn.ConvTranspose2d(options.ConvChannels1, shape[0], 4, stride: 2, padding: 1, bias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor z)
    {
        using var scope = NewDisposeScope();
        var h = nn.functional.silu(hidden.forward(z));
        var grid = nn.functional.silu(expand.forward(h)).view([-1, .. _grid]);
        var up = nn.functional.silu(deconv1.forward(grid));
        return deconv2.forward(up).MoveToOuterDisposeScope();
    }
}
