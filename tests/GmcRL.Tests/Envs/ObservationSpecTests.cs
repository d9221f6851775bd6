using GmcRL.Envs;

namespace GmcRL.Tests.Envs;

/// <summary>Modalities by name: the look-ups that command lines and scripts use to say which senses are present.</summary>
public class ObservationSpecTests
{
    private static readonly ObservationSpec Spec = new([
        new ModalitySpec("image", [4, 4], ElementType.UInt8, 0, 1, ModalityKind.Image),
        new ModalitySpec("sound", [3], ElementType.Float32, -1, 1, ModalityKind.Vector),
        new ModalitySpec("touch", [2], ElementType.Float32, 0, 1, ModalityKind.Vector),
    ]);

    [Fact]
    public void MaskOfSetsTheBitOfEachNamedModalityInTheSpecsOrder()
    {
        Assert.Equal(new PresenceMask(0b001), Spec.MaskOf(["image"]));
        Assert.Equal(new PresenceMask(0b101), Spec.MaskOf(["touch", "image"]));
        Assert.Equal(PresenceMask.All(3), Spec.MaskOf(["sound", "image", "touch"]));
        Assert.Equal(PresenceMask.None, Spec.MaskOf([]));
        Assert.Equal(["image", "touch"], Spec.NamesIn(new PresenceMask(0b101)));
    }

    [Fact]
    public void AnUnknownNameIsRefusedWithTheNamesThereAre()
    {
        var e = Assert.Throws<ArgumentException>(() => Spec.MaskOf(["image", "smell"]));
        Assert.Contains("'smell'", e.Message);
        Assert.Contains("image, sound, touch", e.Message);
        Assert.Throws<ArgumentException>(() => Spec.IndexOf("Image")); // names are case-sensitive
    }
}
