namespace GmcRL.Benchmarks;

/// <summary>`gmcrl bench agents`: not built yet (issue 4).</summary>
public static class AgentBenchmark
{
    /// <summary>Runs the benchmark with command-line <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output)
    {
        output.WriteLine("gmcrl bench agents: not built yet.");
        return 2;
    }
}
