namespace GmcRL.Cli;

/// <summary>`gmcrl run` until the pipeline exists: not built yet.</summary>
public static class DemoCommand
{
    public static int Run(string[] args, TextWriter output)
    {
        output.WriteLine("gmcrl run: not built yet.");
        return 2;
    }
}
