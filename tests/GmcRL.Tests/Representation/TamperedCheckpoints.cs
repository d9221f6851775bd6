using GmcRL.Representation.Formats;
using GmcRL.Storage;

namespace GmcRL.Tests.Representation;

/// <summary>Edits of a representation checkpoint's body that its checksum cannot catch (the body is framed again), each
/// with the words its reader must use: sizes that disagree with the stored weights, missing arrays, a negative epoch and
/// an optimizer state that is not one.</summary>
internal static class TamperedCheckpoints
{
    public static (string Name, Action<CheckpointBodyDto<TTraining>> Edit, string Problem)[] Cases<TTraining>() where TTraining : class =>
    [
        ("a latent size no weight has", b => b.Model!.LatentDim = 1_000_000_000, "its model declares a layer 1,000,000,000 wide, but its weights hold only "),
        ("an image larger than any machine holds", b => b.Modalities![0].Shape = [2, 1 << 30, 1 << 30], "its model cannot be made from the sizes it declares ("),
        ("a weight without values", b => b.Weights[0].Values = null!, $"holds 0 bytes, expected "),
        ("no weight at all in a place", b => b.Weights[0] = null!, "stored weight 0 is empty"),
        ("a modality that is nil", b => b.Modalities![1] = null!, "modality 1 is empty"),
        ("calibration names that are nil", b => b.Dataset!.Calibration!.Names = null!, "the calibration's names and values differ in number"),
        ("hidden widths that are nil", b => b.Model!.MlpHidden = null!, "MlpHidden needs at least one layer width"),
        ("a negative epoch", b => b.Epoch = -3, "its epoch is -3"),
        ("an optimizer state that is not one", b => b.OptimizerState = [1, 2, 3, 4, 5, 6, 7, 8], "its optimizer state is damaged ("),
    ];

    /// <summary>Asserts that <paramref name="load"/> refuses each of <see cref="Cases{TTraining}"/> applied to the
    /// checkpoint at <paramref name="path"/> (of the kind with <paramref name="magic"/>, <paramref name="version"/> and
    /// <paramref name="kind"/>) with an <see cref="InvalidDataException"/> that names the edited file.</summary>
    public static void AssertEachRefused<TTraining>(string path, string magic, int version, string kind, Action<string> load) where TTraining : class
    {
        var format = new FramedFile(magic, version, kind);
        string wrong = Path.Combine(Path.GetDirectoryName(path)!, "wrong" + Path.GetExtension(path));
        foreach (var (name, edit, problem) in Cases<TTraining>())
        {
            var body = format.ReadObject<CheckpointBodyDto<TTraining>>(path);
            edit(body);
            format.WriteObject(wrong, body);
            var e = Assert.Throws<InvalidDataException>(() => load(wrong));
            Assert.True(e.Message.StartsWith($"'{wrong}' is not a valid {kind}: ", StringComparison.Ordinal) && e.Message.Contains(problem), $"{name}: {e.Message}");
        }
    }
}
