namespace GmcRL.Agents;

/// <summary>Plain numbers from one gradient step; null where the algorithm has no such quantity.</summary>
/// <param name="CriticLoss">The value-function loss before the step (Q networks' loss; DQN's Huber loss).</param>
/// <param name="ActorLoss">The policy loss (SAC, DDPG).</param>
/// <param name="EntropyCoefficient">SAC's temperature alpha after the step.</param>
public readonly record struct UpdateMetrics(double CriticLoss, double? ActorLoss = null, double? EntropyCoefficient = null);
