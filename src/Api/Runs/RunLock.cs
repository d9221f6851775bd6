using GmcRL.Config;
using GmcRL.Storage;

namespace GmcRL.Runs;

/// <summary>
/// The claim of one process on a run folder while it works there: an exclusive lock on the folder's <c>.lock</c> file
/// (released by the system when the process ends, however it ends) and the holder's pid in <c>.lock.pid</c>. A second
/// process that tries to work in the same folder is refused with the holder's pid. Taking the lock also removes the
/// temporary files that killed processes left behind (their writes never completed, so nothing reads them).
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _pidFile;

    private RunLock(FileStream stream, string pidFile)
    {
        _lock = stream;
        _pidFile = pidFile;
    }

    /// <summary>Claims <paramref name="folder"/>; a <see cref="ConfigException"/> naming the holder when another process has it.</summary>
    public static RunLock Acquire(string folder)
    {
        string path = Path.Combine(folder, ".lock"), pidFile = Path.Combine(folder, ".lock.pid");
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            string holder = File.Exists(pidFile) ? File.ReadAllText(pidFile).Trim() : "unknown";
            throw new ConfigException($"run folder '{folder}' is in use by another gmcrl process (pid {holder}); wait for it to end, or stop it (Ctrl-C), then run again.");
        }
        AtomicFile.WriteAllText(pidFile, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        RemoveStaleTemporaries(folder);
        return new RunLock(stream, pidFile);
    }

    /// <summary>Removes the temporary files of earlier processes in <paramref name="folder"/> and below (names like
    /// <c>.&lt;file&gt;.&lt;pid&gt;.&lt;id&gt;.tmp</c>, as <see cref="AtomicFile"/> makes them); returns how many.</summary>
    public static int RemoveStaleTemporaries(string folder)
    {
        int removed = 0;
        foreach (string file in Directory.EnumerateFiles(folder, ".*.tmp", SearchOption.AllDirectories))
        {
            // .<file>.<pid>.<32 hex digits>.tmp, from another process than this one.
            string[] parts = Path.GetFileName(file).Split('.');
            if (parts.Length < 5 || parts[^2].Length != 32 || !parts[^2].All(char.IsAsciiHexDigit) ||
                !int.TryParse(parts[^3], out int pid) || pid == Environment.ProcessId) continue;
            File.Delete(file);
            removed++;
        }
        return removed;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            File.Delete(_pidFile);
        }
        catch (IOException)
        {
            // The pid file is only a courtesy to a refused process; the lock itself goes with the handle.
        }
        _lock.Dispose();
    }
}
