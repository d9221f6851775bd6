namespace GmcRL.Storage;

/// <summary>
/// Writes files so that a reader never sees half of one and a failed write never destroys the old one: the content
/// goes to a temporary file beside the target, is flushed to disk, and is then renamed over the target.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>; on any exception the target is untouched
    /// and the temporary file removed.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        try
        {
            WriteThrough(path, temp =>
            {
                using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                write(stream);
                stream.Flush(flushToDisk: true);
                return true;
            });
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            // The system names the temporary file; the user needs the file that could not be written, and why.
            throw new IOException($"could not write '{Path.GetFullPath(path)}': {e.Message.Split(" : ")[0].TrimEnd('.')}.", e);
        }
    }

    /// <summary>Lets <paramref name="make"/> make the file at a temporary path beside <paramref name="path"/> (for a
    /// program that writes its file itself, such as ffmpeg) and renames it over the target when <paramref name="make"/>
    /// returns true and the file is there; the temporary file is removed in any case. Returns whether the target was
    /// replaced.</summary>
    public static bool WriteThrough(string path, Func<string, bool> make)
    {
        string full = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(full);
        if (folder is not null) Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            if (!make(temp) || !File.Exists(temp)) return false;
            File.Move(temp, full, overwrite: true);
            return true;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Copies <paramref name="source"/> over <paramref name="target"/> atomically.</summary>
    public static void Copy(string source, string target) =>
        Write(target, stream =>
        {
            using var input = File.OpenRead(source);
            input.CopyTo(stream);
        });

    /// <summary>Writes <paramref name="text"/> (UTF-8) to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, s => { using var w = new StreamWriter(s, leaveOpen: true); w.Write(text); });
}
