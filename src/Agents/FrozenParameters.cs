using static TorchSharp.torch;

namespace GmcRL.Agents;

/// <summary>Turns off gradients of some modules' parameters until disposed, so that an actor's backward pass flows
/// through the critic to the actions without computing the critic's weight gradients (which the actor step never
/// uses: about a fifth of SAC's and DDPG's update cost).</summary>
internal readonly struct FrozenParameters : IDisposable
{
    private readonly nn.Module[] _modules;

    public FrozenParameters(params nn.Module[] modules)
    {
        _modules = modules;
        Set(false);
    }

    public void Dispose() => Set(true);

    private void Set(bool on)
    {
        foreach (var module in _modules)
            foreach (var p in module.parameters()) p.requires_grad = on;
    }
}
