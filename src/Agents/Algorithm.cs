namespace GmcRL.Agents;

/// <summary>The learning algorithms this layer provides; written into every checkpoint's header.</summary>
public enum Algorithm
{
    /// <summary>Soft Actor-Critic (Haarnoja et al. 2018, with automatic entropy tuning).</summary>
    Sac = 1,

    /// <summary>Double Deep Q-Network (van Hasselt et al. 2016) with a target network and Huber loss.</summary>
    Dqn = 2,

    /// <summary>Deep Deterministic Policy Gradient (Lillicrap et al. 2016), the GMC paper's controller.</summary>
    Ddpg = 3,
}
