namespace GmcRL.Tests.Agents;

/// <summary>Agent tests share TorchSharp's global state (thread pool, seeding), so they run one at a time, on one
/// intra-op thread: these networks are too small to gain from more, and OpenMP's spinning threads slow every test
/// down badly when the machine is busy.</summary>
[CollectionDefinition(Name)]
public sealed class AgentsCollection : ICollectionFixture<OneTorchThread>
{
    public const string Name = "Agents";
}

/// <summary>Sets TorchSharp to one intra-op thread for the agent tests.</summary>
public sealed class OneTorchThread
{
    public OneTorchThread() => TorchSharp.torch.set_num_threads(1);
}
