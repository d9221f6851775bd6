namespace GmcRL.Tests;

/// <summary>A fresh folder under the temp directory, named after <c>prefix</c> and deleted with everything
/// in it by Dispose.</summary>
internal sealed class TestFolder(string prefix = "gmcrl-tests") : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix + "-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Deletes the folder; never throws, so that cleaning up cannot fail a test or hide its real error.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Already gone, or still in use: leave it to the system's temp cleaning.
        }
    }
}
