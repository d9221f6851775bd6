using GmcRL.Agents.Training;

namespace GmcRL.Reports;

/// <summary>How a run's evaluated agent was trained, where that differs from the paper's protocol; each report says so.</summary>
/// <param name="KeptAgent">The training evaluation whose agent was evaluated, when it was not the last (agent.keep_best).</param>
/// <param name="TrainCondition">The evaluation condition whose missing modalities the agent trained with
/// (agent.train_condition), or null for every modality.</param>
/// <param name="StandardizedOver">The samples its features were standardised over (agent.standardize_features), or null
/// when it saw them as the representation gives them.</param>
public sealed record TrainingNotes(TrainingEvaluation? KeptAgent = null, string? TrainCondition = null, int? StandardizedOver = null);
