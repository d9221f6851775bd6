namespace GmcRL.Benchmarks;

/// <summary>One training run of `GmcRL.Benchmarks agents`, as reported.</summary>
internal sealed record AgentRun(
    string Algorithm, int Seed, long Steps, double FinalMeanReturn, double FinalStdReturn,
    IReadOnlyList<EvaluationPoint> Evaluations, double WallSeconds, double StepsPerSecond, double LearningStepsPerSecond,
    double? Target, bool? TargetMet);

/// <summary>One evaluation within a run.</summary>
internal sealed record EvaluationPoint(long Step, double MeanReturn, double StdReturn);
