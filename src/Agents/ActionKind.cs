namespace GmcRL.Agents;

/// <summary>Whether an agent's actions are real vectors in a box or one choice out of N.</summary>
public enum ActionKind
{
    /// <summary>A vector of reals, each within [Low, High].</summary>
    Continuous = 1,

    /// <summary>One of N choices, carried as its index.</summary>
    Discrete = 2,
}
