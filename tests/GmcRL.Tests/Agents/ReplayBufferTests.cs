using GmcRL.Agents;

namespace GmcRL.Tests.Agents;

public class ReplayBufferTests
{
    private static ReplayBuffer Filled(int capacity, int count)
    {
        var buffer = new ReplayBuffer(capacity, 2, 1);
        for (int i = 0; i < count; i++)
            buffer.Add([i, -i], [i * 0.5f], i, [i + 1, -(i + 1)], terminated: i % 3 == 1, truncated: i % 3 == 2);
        return buffer;
    }

    [Fact]
    public void Stores_terminated_and_truncated_separately_with_each_transition()
    {
        var buffer = Filled(10, 9);
        var batch = new Batch(64, 2, 1);
        buffer.Sample(new Random(0), batch);
        for (int row = 0; row < batch.Size; row++)
        {
            int i = (int)batch.Features[row * 2];
            Assert.Equal(-i, batch.Features[row * 2 + 1]);
            Assert.Equal(i * 0.5f, batch.Actions[row]);
            Assert.Equal(i, batch.Rewards[row]);
            Assert.Equal(i + 1, batch.NextFeatures[row * 2]);
            Assert.Equal(i % 3 == 1, batch.Terminated[row]);
            Assert.Equal(i % 3 == 2, batch.Truncated[row]);
        }
    }

    [Fact]
    public void Sampling_is_determined_by_the_seed()
    {
        var buffer = Filled(100, 100);
        float[] Draw(int seed)
        {
            var batch = new Batch(16, 2, 1);
            buffer.Sample(new Random(seed), batch);
            return batch.Rewards.ToArray();
        }
        Assert.Equal(Draw(7), Draw(7));
        Assert.NotEqual(Draw(7), Draw(8));
    }

    [Fact]
    public void A_full_buffer_overwrites_the_oldest()
    {
        var buffer = Filled(5, 8);
        Assert.Equal(5, buffer.Count);
        var batch = new Batch(200, 2, 1);
        buffer.Sample(new Random(1), batch);
        Assert.Equal([3f, 4f, 5f, 6f, 7f], batch.Rewards.Distinct().Order().ToArray());
    }

    [Fact]
    public void Save_and_load_round_trip()
    {
        var buffer = Filled(10, 7);
        var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) buffer.Save(w);
        stream.Position = 0;
        var copy = new ReplayBuffer(10, 2, 1);
        using (var r = new BinaryReader(stream)) copy.Load(r);
        Assert.Equal(7, copy.Count);
        var a = new Batch(32, 2, 1);
        var b = new Batch(32, 2, 1);
        buffer.Sample(new Random(3), a);
        copy.Sample(new Random(3), b);
        Assert.Equal(a.Features, b.Features);
        Assert.Equal(a.Terminated, b.Terminated);
        Assert.Equal(a.Truncated, b.Truncated);
    }

    [Fact]
    public void Wrong_sizes_and_empty_sampling_are_refused_clearly()
    {
        var buffer = new ReplayBuffer(4, 2, 1);
        Assert.Contains("empty", Assert.Throws<InvalidOperationException>(() => buffer.Sample(new Random(0), new Batch(1, 2, 1))).Message);
        Assert.Contains("2 element", Assert.Throws<ArgumentException>(() => buffer.Add([1f], [0f], 0, [1f, 2f], false, false)).Message);
    }
}
