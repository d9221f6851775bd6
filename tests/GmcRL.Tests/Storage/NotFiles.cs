using System.Diagnostics;

namespace GmcRL.Tests.Storage;

/// <summary>Paths in a test folder where a reader expects a file but finds none: a link to /dev/zero (reads forever),
/// a FIFO (an open blocks until something writes) and a folder; and a way to read them that fails a test after a
/// time limit instead of hanging it or running the machine out of memory.</summary>
internal static class NotFiles
{
    private const string FifoName = "fifo.bin";

    /// <summary>Makes the three paths in <paramref name="folder"/> and returns each with what a reader must call it.</summary>
    public static (string Path, string What)[] Make(TestFolder folder)
    {
        string zero = folder.File("zero.bin");
        File.CreateSymbolicLink(zero, "/dev/zero");
        string fifo = folder.File(FifoName);
        using (var mkfifo = Process.Start("mkfifo", [fifo])) mkfifo.WaitForExit();
        Assert.True(File.Exists(fifo), "mkfifo made no FIFO");
        string directory = folder.File("folder.bin");
        Directory.CreateDirectory(directory);
        return
        [
            (zero, "is a link to '/dev/zero', which is a character device"),
            (fifo, "is a FIFO (named pipe)"),
            (directory, "is a folder"),
        ];
    }

    /// <summary>The exception that <paramref name="read"/> throws, failing the test if it throws none or takes more
    /// than ten seconds (a read of /dev/zero or a FIFO that was let through). A read blocked on a FIFO is then
    /// released by opening it for writing, so that no thread stays blocked.</summary>
    public static TException Throws<TException>(string path, Action read) where TException : Exception
    {
        var task = Task.Run(read);
        if (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)))
        {
            if (Path.GetFileName(path) == FifoName)
                using (new FileStream(path, FileMode.Open, FileAccess.Write)) { }
            Assert.Fail($"Reading '{path}' did not end within 10 s.");
        }
        Assert.True(task.IsFaulted, $"Reading '{path}' did not fail.");
        return Assert.IsType<TException>(task.Exception!.InnerException);
    }
}
