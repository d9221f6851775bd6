using GmcRL.Envs.Hyperhot;
using static GmcRL.Envs.Hyperhot.HyperhotGame;
using HyperhotEnv = GmcRL.Envs.Hyperhot.Hyperhot;

namespace GmcRL.Tests.Envs.Hyperhot;

/// <summary>Hand-placed Hyperhot scenes for the rule, image and sound tests.</summary>
internal static class Scenes
{
    /// <summary>A game with the ship's left edge at <paramref name="shipX"/> standing still, the formation at its start
    /// moving right (or left), no bullets, clocks at 0; then <paramref name="place"/> moves things by hand.</summary>
    public static HyperhotEnv Make(Action<HyperhotGame>? place = null, int shipX = 50, bool right = true,
        HyperhotSettings? settings = null)
    {
        var env = new HyperhotEnv(settings, seed: 0);
        env.Reset(0);
        env.SetScene(g =>
        {
            g.ShipX = shipX;
            g.ShipMotion = 0;
            g.FormationRight = right;
            g.PlayerBullet = default;
            Array.Clear(g.EnemyBullets);
            (g.Steps, g.FireTick, g.Kills) = (0, 0, 0);
            place?.Invoke(g);
        });
        return env;
    }

    /// <summary>A flying bullet centred at (x, y).</summary>
    public static Bullet Flying(int x, int y) => new() { State = BulletState.Flying, X = x, Y = y };

    /// <summary>Enemy <paramref name="i"/>'s centre x.</summary>
    public static int CentreX(HyperhotGame g, int i) => g.Enemies[i].CentreX;

    /// <summary>Steps <paramref name="env"/> with <paramref name="action"/>.</summary>
    public static GmcRL.Envs.StepResult<GmcRL.Envs.MultimodalObservation> Step(this HyperhotEnv env, HyperhotAction action) =>
        env.Step((int)action);

    /// <summary>The true-state component <paramref name="name"/> (one of <see cref="HyperhotEnv.StateNames"/>).</summary>
    public static double S(this HyperhotEnv env, string name)
    {
        int i = env.StateNames.ToList().IndexOf(name);
        Assert.True(i >= 0, $"no state component '{name}'");
        return env.State[i];
    }
}
