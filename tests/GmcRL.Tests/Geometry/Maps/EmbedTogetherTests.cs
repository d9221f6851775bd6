using GmcRL.Geometry;
using GmcRL.Geometry.Maps;
using Xunit.Abstractions;

namespace GmcRL.Tests.Geometry.Maps;

public class EmbedTogetherTests(ITestOutputHelper output)
{
    [Fact]
    public void Each_set_gets_its_own_part_of_the_shared_map()
    {
        var (a, _) = SyntheticPoints.Clusters(90, 5, 3, 8, seed: 1);
        var (b, _) = SyntheticPoints.Clusters(40, 5, 2, 8, seed: 2);
        var options = new UmapOptions { NEpochs = 50, Seed = 3 };
        var maps = Umap.EmbedTogether([a, b], options);
        var union = Umap.Embed(new Points([.. a.Data, .. b.Data], 5), options);

        Assert.Equal([90, 40], maps.Select(m => m.Count));
        Assert.Equal(union.Data, maps[0].Data.Concat(maps[1].Data));
    }

    [Fact]
    public void A_slightly_moved_copy_lands_on_its_original()
    {
        // As a modality's latents should land on the complete latents in GMC's latent maps.
        var (complete, _) = SyntheticPoints.Clusters(300, 10, 3, 10, seed: 4);
        var modality = SyntheticPoints.Jittered(complete, 0.05, seed: 5);
        var maps = Umap.EmbedTogether([complete, modality], new UmapOptions { Seed = 6 });

        var offsets = Enumerable.Range(0, complete.Count)
            .Select(i => MapQuality.Distance(maps[0][i], maps[1][i])).Order().ToArray();
        double median = offsets[offsets.Length / 2];
        double extent = MapQuality.Extent(new Points([.. maps[0].Data, .. maps[1].Data], 2));
        output.WriteLine($"median offset of a copy from its original: {median:F3}, map extent {extent:F3}");
        Assert.True(median < 0.05 * extent, $"median offset {median:F3} of extent {extent:F3}");
    }
}
