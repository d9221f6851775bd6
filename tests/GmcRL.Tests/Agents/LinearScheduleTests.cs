using GmcRL.Agents;

namespace GmcRL.Tests.Agents;

public class LinearScheduleTests
{
    [Fact]
    public void Moves_linearly_then_holds()
    {
        var s = new LinearSchedule(1.0, 0.1, 100);
        Assert.Equal(1.0, s.ValueAt(0));
        Assert.Equal(0.55, s.ValueAt(50), 12);
        Assert.Equal(0.1, s.ValueAt(100));
        Assert.Equal(0.1, s.ValueAt(10_000));
        Assert.Equal(0.1, new LinearSchedule(1.0, 0.1, 0).ValueAt(0));
    }
}
