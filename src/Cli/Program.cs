namespace GmcRL.Cli;

/// <summary>Entry point of the gmcrl command-line app.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("gmcrl: not built yet");
        return 1;
    }
}
