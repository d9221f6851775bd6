namespace GmcRL.Reports;

/// <summary>What <c>comparison.json</c> holds: the shared setup and one entry per representation compared.</summary>
/// <param name="FormatVersion">Version of this file's layout.</param>
/// <param name="Env">Environment name.</param>
/// <param name="Agent">Agent name (the same agent on every representation).</param>
/// <param name="Seed">The seed every run used.</param>
/// <param name="Episodes">Evaluation episodes per condition.</param>
/// <param name="Steps">Steps per evaluation episode.</param>
/// <param name="Conditions">The conditions every representation was evaluated in, in order.</param>
/// <param name="Representations">The results, one per representation.</param>
/// <param name="RandomPolicy">Uniformly random actions on the same episodes (the same for every representation); null
/// when the runs hold none.</param>
/// <param name="Score">What an episode scores (the runs' <see cref="EvaluationReport.Score"/>).</param>
/// <param name="TrainCondition">The evaluation condition whose missing modalities every agent trained with
/// (agent.train_condition), or null: every modality, the paper's protocol.</param>
/// <param name="StandardizedFeatures">Every agent saw its representation's features standardised
/// (agent.standardize_features).</param>
public sealed record ComparisonReport(
    int FormatVersion, string Env, string Agent, int Seed, int Episodes, int Steps,
    IReadOnlyList<string> Conditions, IReadOnlyList<RepresentationResult> Representations,
    GmcRL.Agents.Evaluation.ConditionResult? RandomPolicy = null, GmcRL.Envs.EpisodeScore Score = GmcRL.Envs.EpisodeScore.RewardPerStep,
    string? TrainCondition = null, bool StandardizedFeatures = false)
{
    /// <summary>The current layout version.</summary>
    public const int CurrentFormatVersion = 1;
}
