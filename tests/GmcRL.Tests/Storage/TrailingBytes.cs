using GmcRL.Storage;

namespace GmcRL.Tests.Storage;

/// <summary>Checks that a reader of a <see cref="FramedFile"/> kind refuses bytes that no writer adds: three bytes after
/// the body (framed again, so that the checksum is right) and three bytes after the frame.</summary>
internal static class TrailingBytes
{
    /// <summary>Asserts that <paramref name="load"/> of the file at <paramref name="path"/>, of the kind with
    /// <paramref name="magic"/>, <paramref name="version"/> and <paramref name="kind"/>, throws an
    /// <see cref="InvalidDataException"/> naming the file for each; the file is left as it was.</summary>
    public static void AssertRefused(string path, string magic, int version, string kind, Action load)
    {
        var format = new FramedFile(magic, version, kind);
        byte[] original = File.ReadAllBytes(path);
        byte[] body = format.Read(path).ToArray();
        format.Write(path, body.Concat(new byte[3]).ToArray());
        Assert.Equal($"'{path}' is a {kind} with 3 unexpected bytes at the end of its body.", Assert.Throws<InvalidDataException>(load).Message);
        File.WriteAllBytes(path, original.Concat(new byte[3]).ToArray());
        Assert.Equal($"'{path}' is a {kind} with 3 unexpected bytes after its frame.", Assert.Throws<InvalidDataException>(load).Message);
        File.WriteAllBytes(path, original);
    }
}
