using static TorchSharp.torch;

namespace GmcRL.Agents;

/// <summary>
/// Builds networks under a seeded global generator. TorchSharp's parameter initialisation draws from the one global
/// generator, so construction is serialised: two agents built at once on different threads still get the weights
/// their seeds give. Sampling afterwards uses each agent's own <see cref="Generator"/>.
/// </summary>
internal static class TorchSeeding
{
    private static readonly Lock Gate = new();

    public static T Build<T>(int seed, Func<T> build)
    {
        lock (Gate)
        {
            manual_seed(seed);
            return build();
        }
    }
}
