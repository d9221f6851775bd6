using GmcRL.Envs;
using GmcRL.Envs.Pendulum;

namespace GmcRL.Tests.Envs;

public class PendulumPhysicsTests
{
    // Gymnasium Pendulum-v1, written out independently of PendulumPhysics (angle wrap via floor, as Python's %).
    private static (double Theta, double ThetaDot, double Reward) Reference(double th, double thdot, double u)
    {
        const double g = 10, m = 1, l = 1, dt = 0.05;
        u = Math.Min(Math.Max(u, -2), 2);
        double wrapped = th + Math.PI - 2 * Math.PI * Math.Floor((th + Math.PI) / (2 * Math.PI)) - Math.PI;
        double costs = wrapped * wrapped + 0.1 * thdot * thdot + 0.001 * u * u;
        double newthdot = thdot + (3 * g / (2 * l) * Math.Sin(th) + 3.0 / (m * l * l) * u) * dt;
        newthdot = Math.Min(Math.Max(newthdot, -8), 8);
        return (th + newthdot * dt, newthdot, -costs);
    }

    public static TheoryData<double, double, int> Starts => new()
    {
        { 0.0, 0.0, 1 }, { Math.PI, 0.0, 2 }, { -Math.PI, 0.0, 3 }, { Math.PI, 1.0, 4 }, { -Math.PI, -1.0, 5 },
        { 0.3, -7.9, 6 }, { 2.0, 8.0, 7 }, { -3.0, 0.5, 8 }, { 1e-9, -1e-9, 9 },
    };

    [Theory]
    [MemberData(nameof(Starts))]
    public void Trajectories_match_the_PendulumV1_formulas_over_300_steps(double theta, double thetaDot, int seed)
    {
        var env = new Pendulum();
        env.SetState(theta, thetaDot);
        var rng = new Random(seed);
        double th = theta, thd = thetaDot;
        for (int t = 0; t < 300; t++)
        {
            // Torques well outside [-2, 2] too: they must be clipped.
            float u = (float)(rng.NextDouble() * 12 - 6);
            var step = env.Step([u]);
            (th, thd, double reward) = Reference(th, thd, u);
            Assert.Equal(th, env.State[0], 1e-12);
            Assert.Equal(thd, env.State[1], 1e-12);
            Assert.Equal(reward, step.Reward, 1e-12);
            Assert.InRange(step.Reward, -16.2736044, 0);
            Assert.False(step.Terminated);
            Assert.False(step.Truncated);
        }
    }

    [Fact]
    public void Worst_reward_is_minus_16_2736044()
    {
        // theta = pi (wraps to -pi), theta_dot = 8, |u| = 2: pi^2 + 6.4 + 0.004.
        var (_, _, reward) = PendulumPhysics.Step(new PendulumSettings(), Math.PI, 8, 2);
        Assert.Equal(-16.2736044, reward, 1e-7);
    }

    [Theory]
    [InlineData(Math.PI, -Math.PI)]
    [InlineData(-Math.PI, -Math.PI)]
    [InlineData(3 * Math.PI, -Math.PI)]
    [InlineData(0.5, 0.5)]
    [InlineData(-7.0, -7.0 + 2 * Math.PI)]
    public void Angles_wrap_to_minus_pi_inclusive_pi_exclusive(double angle, double expected)
    {
        Assert.Equal(expected, PendulumPhysics.NormalizeAngle(angle), 1e-12);
    }

    [Fact]
    public void Observation_is_cos_sin_thetadot_and_reset_draws_from_the_start_distribution()
    {
        var env = new Pendulum();
        for (int seed = 0; seed < 200; seed++)
        {
            var obs = env.Reset(seed).Observation;
            double theta = env.State[0], thetaDot = env.State[1];
            Assert.InRange(theta, -Math.PI, Math.PI);
            Assert.InRange(thetaDot, -1, 1);
            Assert.Equal((float)Math.Cos(theta), obs[0]);
            Assert.Equal((float)Math.Sin(theta), obs[1]);
            Assert.Equal((float)thetaDot, obs[2]);
        }
    }
}
