using GmcRL.Envs.IO;
using System.Security.Cryptography;
using MessagePack;
using MessagePack.Resolvers;

namespace GmcRL.Representation.Storage;

/// <summary>
/// The framing shared by GmcRL's binary files: a MessagePack array [magic, format version, body, SHA-256 of body].
/// Files are written atomically (temporary file in the same folder, then rename) and read with MessagePack's
/// untrusted-data security settings; every failure is an <see cref="InvalidDataException"/> that names the file.
/// </summary>
internal static class FramedFile
{
    /// <summary>Options for every GmcRL MessagePack read and write: internal contract types, untrusted-data limits.</summary>
    public static MessagePackSerializerOptions Options { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(StandardResolverAllowPrivate.Instance)
        .WithSecurity(MessagePackSecurity.UntrustedData);

    public static void Write<TBody>(string path, string magic, int version, TBody body)
    {
        byte[] bytes = MessagePackSerializer.Serialize(body, Options);
        var frame = new FrameDto { Magic = magic, Version = version, Body = bytes, Checksum = SHA256.HashData(bytes) };
        WriteAtomically(path, stream => MessagePackSerializer.Serialize(stream, frame, Options));
    }

    public static TBody Read<TBody>(string path, string magic, int version, string what)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No {what} at '{path}'.", path);
        FrameDto frame;
        try
        {
            frame = MessagePackSerializer.Deserialize<FrameDto>(File.ReadAllBytes(path), Options);
        }
        catch (MessagePackSerializationException e)
        {
            throw new InvalidDataException($"'{path}' is not a readable {what}: the file is truncated or damaged ({Inner(e)}).", e);
        }
        if (frame.Magic != magic)
            throw new InvalidDataException($"'{path}' is not a {what} (its header says '{frame.Magic}', expected '{magic}').");
        if (frame.Version != version)
            throw new InvalidDataException($"'{path}' is a {what} of format version {frame.Version}, but this build reads version {version}; recreate it with this build.");
        if (frame.Body is null || frame.Checksum is null || !SHA256.HashData(frame.Body).AsSpan().SequenceEqual(frame.Checksum))
            throw new InvalidDataException($"'{path}': checksum mismatch, the {what} is corrupted.");
        try
        {
            return MessagePackSerializer.Deserialize<TBody>(frame.Body, Options);
        }
        catch (MessagePackSerializationException e)
        {
            throw new InvalidDataException($"'{path}' has a valid checksum but an unreadable {what} body ({Inner(e)}).", e);
        }
    }

    /// <summary>Writes through a temporary file in the target's folder and renames it over the target, so a failed
    /// write never leaves a half-written file or destroys an existing one.</summary>
    public static void WriteAtomically(string path, Action<Stream> write) => AtomicFile.Write(path, write);

    /// <summary>Copies <paramref name="source"/> over <paramref name="target"/> atomically.</summary>
    public static void CopyAtomically(string source, string target) => AtomicFile.Copy(source, target);

    private static string Inner(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e.Message;
    }
}

/// <summary>The outer frame of a GmcRL file.</summary>
[MessagePackObject]
internal sealed class FrameDto
{
    [Key(0)] public string Magic { get; set; } = "";
    [Key(1)] public int Version { get; set; }
    [Key(2)] public byte[]? Body { get; set; }
    [Key(3)] public byte[]? Checksum { get; set; }
}
