using System.Text.Json.Serialization;

namespace GmcRL.Envs;

/// <summary>What an evaluation episode scores, chosen by the environment's registration: the reference's average reward
/// per step for control tasks of fixed length (the pendulum, docs/method.md §6), the total reward for games that end
/// by their own rules (Hyperhot: a lost game would otherwise score better the sooner it ends). For episodes of one
/// length the two give the same "kept" shares.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EpisodeScore>))]
public enum EpisodeScore
{
    /// <summary>The episode's average reward per step.</summary>
    RewardPerStep = 0,

    /// <summary>The episode's total reward.</summary>
    Return = 1,
}
