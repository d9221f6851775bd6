using GmcRL.Storage;

namespace GmcRL.Tests.Storage;

public class AtomicFileTests
{
    [Fact]
    public void A_failing_write_leaves_the_old_file_and_no_temporary_files()
    {
        using var temp = new TestFolder("gmcrl-atomic");
        string folder = temp.Path;
        string path = Path.Combine(folder, "data.bin");
        File.WriteAllText(path, "old content");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[1000]);
            throw new InvalidOperationException("disk on fire");
        }));
        Assert.Equal("old content", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder));
    }

    [Fact]
    public void A_successful_write_replaces_the_file_and_creates_missing_folders()
    {
        using var temp = new TestFolder("gmcrl-atomic");
        string folder = temp.Path;
        string path = Path.Combine(folder, "a", "b", "c.txt");
        AtomicFile.WriteAllText(path, "one");
        AtomicFile.WriteAllText(path, "two");
        Assert.Equal("two", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void A_file_made_by_another_program_replaces_the_target_only_when_it_succeeds()
    {
        using var temp = new TestFolder("gmcrl-atomic");
        string path = Path.Combine(temp.Path, "movie.mp4");
        File.WriteAllText(path, "old movie");
        // A program that fails after writing half a file, and one that writes nothing.
        Assert.False(AtomicFile.WriteThrough(path, t => { File.WriteAllText(t, "half"); return false; }));
        Assert.False(AtomicFile.WriteThrough(path, _ => true));
        Assert.Equal("old movie", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(temp.Path));

        Assert.True(AtomicFile.WriteThrough(path, t => { File.WriteAllText(t, "new movie"); return true; }));
        Assert.Equal("new movie", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(temp.Path));
    }
}
