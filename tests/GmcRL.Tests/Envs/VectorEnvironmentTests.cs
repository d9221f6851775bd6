using GmcRL.Envs;
using GmcRL.Envs.Vector;

namespace GmcRL.Tests.Envs;

public class VectorEnvironmentTests
{
    [Fact]
    public void Copies_step_like_single_environments_and_reset_automatically()
    {
        const int n = 3, limit = 5;
        var vec = new VectorEnvironment<MultimodalObservation, float[]>(
            Enumerable.Range(0, n).Select(_ => Make.Pendulum(limit: limit)).ToArray(), o => o.Clone());
        var singles = Enumerable.Range(0, n).Select(_ => Make.Pendulum(limit: limit)).ToArray();

        var first = vec.Reset(100);
        for (int i = 0; i < n; i++) Assert.True(singles[i].Reset(100 + i).Observation.ContentEquals(first.Observations[i]));

        for (int t = 1; t <= 2 * limit; t++)
        {
            float[][] actions = Enumerable.Range(0, n).Select(i => new[] { (float)(i - 1) }).ToArray();
            var step = vec.Step(actions);
            for (int i = 0; i < n; i++)
            {
                var r = singles[i].Step(actions[i]);
                Assert.Equal(r.Reward, step.Rewards[i]);
                Assert.Equal(r.Truncated, step.Truncated[i]);
                Assert.Equal(t % limit == 0, step.Truncated[i]);
                if (r.Done)
                {
                    // The ended episode's last observation is kept; the current one starts the next episode.
                    Assert.True(r.Observation.ContentEquals(step.FinalObservations[i]!));
                    Assert.True(singles[i].Reset().Observation.ContentEquals(step.Observations[i]));
                    Assert.Equal(0, step.Infos[i].EpisodeStep);
                }
                else
                {
                    Assert.Null(step.FinalObservations[i]);
                    Assert.True(r.Observation.ContentEquals(step.Observations[i]));
                }
            }
        }
    }
}
