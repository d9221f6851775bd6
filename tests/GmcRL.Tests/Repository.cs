namespace GmcRL.Tests;

/// <summary>Files of the repository the tests run from (found upwards from the test binaries by GmcRL.sln).</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "GmcRL.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No GmcRL.sln above {AppContext.BaseDirectory}.");
    });

    /// <summary>The repository's root folder.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The text of a file, by its path from the root.</summary>
    public static string Text(string path) => File.ReadAllText(System.IO.Path.Combine(Root, path));
}
