using GmcRL.Representation;

namespace GmcRL.Tests.Representation;

public class StateFeaturesTests
{
    [Fact]
    public void Passes_observations_through_row_by_row()
    {
        var source = new StateFeatures(3);
        var features = new float[6];
        source.Encode(new[] { new float[] { 1, 2, 3 }, [4, 5, 6] }, features);
        Assert.Equal([1f, 2, 3, 4, 5, 6], features);
    }

    [Fact]
    public void Wrong_sizes_are_refused_clearly()
    {
        var source = new StateFeatures(3);
        Assert.Contains("made for 3", Assert.Throws<ArgumentException>(() => source.Encode(new[] { new float[2] }, new float[3])).Message);
        Assert.Contains("need 6", Assert.Throws<ArgumentException>(() => source.Encode(new[] { new float[3], new float[3] }, new float[3])).Message);
    }
}
