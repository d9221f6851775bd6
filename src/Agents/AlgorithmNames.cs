namespace GmcRL.Agents;

/// <summary>Algorithms as configs, folders and reports spell them: sac, dqn, ddpg.</summary>
public static class AlgorithmNames
{
    /// <summary>The algorithm's lower-case name.</summary>
    public static string Name(this Algorithm algorithm) => algorithm.ToString().ToLowerInvariant();
}
