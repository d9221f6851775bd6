namespace GmcRL.Benchmarks;

/// <summary>Placeholder until the environment benchmark lands.</summary>
public static class EnvBenchmark
{
}
