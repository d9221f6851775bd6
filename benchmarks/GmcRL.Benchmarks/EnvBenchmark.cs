namespace GmcRL.Benchmarks;

/// <summary>`gmcrl bench env`: not built yet.</summary>
public static class EnvBenchmark
{
    /// <summary>Runs the benchmark with command-line <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output)
    {
        output.WriteLine("gmcrl bench env: not built yet.");
        return 2;
    }
}
