using GmcRL.Storage;

namespace GmcRL.Tests.Storage;

public sealed class InputFileTests : IDisposable
{
    private static readonly FramedFile Format = new("gmcrl-test", 1, "test file", maxBytes: 1000);

    private readonly TestFolder _folder = new("gmcrl-input");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_regular_file_is_read_also_through_a_link()
    {
        string path = _folder.File("a.test");
        Format.Write(path, new byte[] { 1, 2, 3 });
        string link = _folder.File("link.test");
        File.CreateSymbolicLink(link, path);
        Assert.Null(InputFile.Problem(link, 1000, "test file"));
        Assert.Equal(File.ReadAllBytes(path), InputFile.ReadAllBytes(link, 1000, "test file"));
        Assert.Equal([1, 2, 3], Format.Read(link).ToArray());
    }

    [Fact]
    public void A_device_a_fifo_or_a_folder_is_refused_by_name_without_reading_it()
    {
        foreach (var (path, what) in NotFiles.Make(_folder))
        {
            Assert.Equal($"{what}, not a test file", InputFile.Problem(path, 1000, "test file"));
            var e = NotFiles.Throws<InvalidDataException>(path, () => Format.Read(path));
            Assert.Equal($"'{path}' {what}, not a test file.", e.Message);
        }
    }

    [Fact]
    public void A_file_over_the_cap_is_refused_before_it_is_read()
    {
        string path = _folder.File("big.test");
        File.WriteAllBytes(path, new byte[1001]);
        Assert.Equal($"'{path}' is 1,001 bytes, more than the 1,000 that gmcrl reads of a test file.",
            Assert.Throws<InvalidDataException>(() => Format.Read(path)).Message);
        Assert.Equal(InputFile.MaxBytes, new FramedFile("gmcrl-test", 1, "test file").MaxBytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FramedFile("gmcrl-test", 1, "test file", maxBytes: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FramedFile("gmcrl-test", 1, "test file", maxBytes: InputFile.MaxBytes + 1));
    }

    [Fact]
    public void Two_paths_are_one_file_through_links_of_the_file_or_of_its_folder()
    {
        string path = _folder.File("a.bin");
        File.WriteAllText(path, "a");
        string other = _folder.File("b.bin");
        File.WriteAllText(other, "a");
        string link = _folder.File("link.bin");
        File.CreateSymbolicLink(link, path);
        string folderLink = _folder.File("folder");
        Directory.CreateSymbolicLink(folderLink, _folder.Path);
        Assert.True(InputFile.SameFile(path, path));
        Assert.True(InputFile.SameFile(link, path));
        Assert.True(InputFile.SameFile(path, Path.Combine(folderLink, "a.bin")));
        Assert.False(InputFile.SameFile(path, other));
        Assert.False(InputFile.SameFile(path, _folder.File("missing.bin")));
    }

    [Fact]
    public void Nothing_at_the_path_or_a_dangling_link_is_a_missing_file()
    {
        string missing = _folder.File("missing.test");
        Assert.Equal("does not exist", InputFile.Problem(missing, 1000, "test file"));
        Assert.Equal($"No test file at '{missing}': it does not exist.", Assert.Throws<FileNotFoundException>(() => Format.Read(missing)).Message);

        string dangling = _folder.File("dangling.test");
        File.CreateSymbolicLink(dangling, missing);
        Assert.Equal($"No test file at '{dangling}': it is a link to '{missing}', which does not exist.",
            Assert.Throws<FileNotFoundException>(() => Format.Read(dangling)).Message);

        string file = _folder.File("file.test");
        File.WriteAllText(file, "");
        Assert.Equal("does not exist", InputFile.Problem(Path.Combine(file, "x.test"), 1000, "test file"));
    }
}
