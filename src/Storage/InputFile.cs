using System.Runtime.InteropServices;

namespace GmcRL.Storage;

/// <summary>
/// Reads the files that users hand to gmcrl (datasets, checkpoints, replays: every <see cref="FramedFile"/>) only when
/// they are regular files under a size cap. Reading /dev/zero never ends (until "Out of memory.") and opening a FIFO
/// blocks until something writes to it, so the final target of the path (after every link) is examined before it is
/// opened, and a device, a FIFO, a socket, a folder or a file over the cap is refused by a message that names the path,
/// the link's target and what it is. Linux only (statx), like the rest of GmcRL.
/// </summary>
public static class InputFile
{
    /// <summary>The cap when a kind sets none: the longest byte array .NET makes (2,147,483,591 bytes), since a file
    /// is read whole into one.</summary>
    public static long MaxBytes => Array.MaxLength;

    /// <summary>Why <paramref name="path"/> cannot be read as a <paramref name="kind"/> of at most
    /// <paramref name="maxBytes"/> bytes, as a phrase that follows the path (e.g. "is a FIFO (named pipe), not a GmcRL
    /// replay file"); null when it can be read.</summary>
    public static string? Problem(string path, long maxBytes, string kind) => Examine(path, maxBytes, kind, out _);

    /// <summary>The bytes of the regular file at <paramref name="path"/>, once <see cref="Problem"/> has found none.
    /// Nothing at the path throws <see cref="FileNotFoundException"/>; anything else but a regular file of at most
    /// <paramref name="maxBytes"/> bytes throws <see cref="InvalidDataException"/> naming the path and what is there;
    /// an error of the file system while reading (such as permission denied) is thrown as it is.</summary>
    public static byte[] ReadAllBytes(string path, long maxBytes, string kind)
    {
        string? problem = Examine(path, maxBytes, kind, out bool missing);
        if (problem is not null)
            throw missing ? new FileNotFoundException($"No {kind} at '{path}': it {problem}.", path) : new InvalidDataException($"'{path}' {problem}.");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        long length = stream.Length; // again, from the open file: it may have grown since it was examined
        if (length > maxBytes) throw new InvalidDataException($"'{path}' {TooLarge("is", length, maxBytes, kind)}.");
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Whether both paths name one existing file, after links of any part of either path (and through hard
    /// links): what a program must know before it writes <paramref name="output"/> while <paramref name="input"/> is
    /// its input, since a link can make two different paths one file.</summary>
    public static bool SameFile(string input, string output) =>
        Statx(AtCurrentFolder, input, flags: 0, Identity, out var a) == 0 &&
        Statx(AtCurrentFolder, output, flags: 0, Identity, out var b) == 0 &&
        (a.Inode, a.DeviceMajor, a.DeviceMinor) == (b.Inode, b.DeviceMajor, b.DeviceMinor);

    private static string? Examine(string path, long maxBytes, string kind, out bool missing)
    {
        missing = false;
        string? target = FinalTarget(path);
        if (Statx(AtCurrentFolder, path, flags: 0, TypeAndSize, out var status) != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            if (error is not (NoSuchEntry or NotAFolder)) return null; // e.g. permission denied: opening the file says so
            missing = true;
            return target is null ? "does not exist" : $"is a link to '{target}', which does not exist";
        }
        string subject = target is null ? "is" : $"is a link to '{target}', which is";
        string? what = (status.Mode & TypeBits) switch
        {
            RegularFile => null,
            Folder => "a folder",
            CharacterDevice => "a character device",
            BlockDevice => "a block device",
            Fifo => "a FIFO (named pipe)",
            Socket => "a socket",
            _ => $"not a regular file (type 0x{status.Mode & TypeBits:X4})",
        };
        if (what is not null) return $"{subject} {what}, not a {kind}";
        return status.Size > (ulong)maxBytes ? TooLarge(subject, (long)Math.Min(status.Size, long.MaxValue), maxBytes, kind) : null;
    }

    private static string TooLarge(string subject, long length, long maxBytes, string kind) =>
        $"{subject} {length:N0} bytes, more than the {maxBytes:N0} that gmcrl reads of a {kind}";

    // The path a link leads to in the end, or null when the path is not a link (or the links loop, which statx reports).
    private static string? FinalTarget(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private const int AtCurrentFolder = -100;  // AT_FDCWD: relative paths are relative to the current folder
    private const uint TypeAndSize = 0x1 | 0x200; // STATX_TYPE | STATX_SIZE
    private const uint Identity = 0x100;          // STATX_INO (the device is always filled in)
    private const int NoSuchEntry = 2;         // ENOENT
    private const int NotAFolder = 20;         // ENOTDIR: a part of the path is a file
    private const int TypeBits = 0xF000;       // S_IFMT and its values
    private const int Fifo = 0x1000, CharacterDevice = 0x2000, Folder = 0x4000, BlockDevice = 0x6000, RegularFile = 0x8000, Socket = 0xC000;

    // struct statx of <linux/stat.h>: the same layout on every architecture. Only the fields read here are declared.
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(0x1C)] public ushort Mode;
        [FieldOffset(0x20)] public ulong Inode;
        [FieldOffset(0x28)] public ulong Size;
        [FieldOffset(0x88)] public uint DeviceMajor;
        [FieldOffset(0x8C)] public uint DeviceMinor;
    }

    // flags 0: links are followed, so the status is the final target's.
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, out StatxBuffer status);
}
