namespace GmcRL.Tests.Agents;

/// <summary>Agent tests share TorchSharp's global state (thread pool, seeding), so they run one at a time, on one
/// intra-op thread: these networks are too small to gain from more, and OpenMP's spinning threads slow every test
/// down badly when the machine is busy. They also run apart from every other test: an agent's initial weights come
/// from TorchSharp's one global generator (seeded just before it builds its networks), so a module built or a
/// random tensor drawn on another thread at that moment would change them, and with them a result that a test
/// expects to be reproduced exactly (seen once as a resumed DQN run ending with other weights).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AgentsCollection : ICollectionFixture<OneTorchThread>
{
    public const string Name = "Agents";
}

/// <summary>Sets TorchSharp to one intra-op thread for the agent tests.</summary>
public sealed class OneTorchThread
{
    public OneTorchThread() => TorchSharp.torch.set_num_threads(1);
}
