using GmcRL.Envs.Hyperhot;
using static GmcRL.Tests.Envs.Hyperhot.Scenes;
using HyperhotEnv = GmcRL.Envs.Hyperhot.Hyperhot;

namespace GmcRL.Tests.Envs.Hyperhot;

/// <summary>
/// The image modality equals what the reference's pipeline gives for the same screen (HYPERHOT-SPEC §2): a 210 x 160
/// RGB screen drawn as pygame 2 draws it, every second row and column, the red channel, rows 15..94, non-zero to 1.
/// The screen here is drawn independently of <see cref="HyperhotImage"/>: full-size, in colour, with pygame's
/// rectangle fill and its midpoint filled circle.
/// </summary>
public class HyperhotImageTests
{
    private const int Width = 160, Height = 210;

    // The screen the reference draws for the game's state: black, the ship, its bullet, each enemy's bullet and each live enemy.
    private static byte[,,] Screen(HyperhotGame g)
    {
        var screen = new byte[Height, Width, 3];
        FillRect(screen, [231, 76, 60], g.ShipX, 180, 24, 8);
        if (g.PlayerBullet.Listed) FillCircle(screen, [46, 204, 113], g.PlayerBullet.X, g.PlayerBullet.Y, 3);
        for (int i = 0; i < g.Enemies.Length; i++)
        {
            if (g.EnemyBullets[i].Listed) FillCircle(screen, [52, 152, 219], g.EnemyBullets[i].X, g.EnemyBullets[i].Y, 3);
            if (g.Enemies[i].Alive) FillCircle(screen, [241, 196, 15], g.Enemies[i].X + 8, 40, 8);
        }
        return screen;
    }

    private static void FillRect(byte[,,] screen, byte[] colour, int x, int y, int w, int h)
    {
        for (int row = y; row < y + h; row++) HorizontalLine(screen, colour, x, row, x + w - 1);
    }

    // pygame 2's filled circle: the midpoint circle algorithm, drawing horizontal lines of even length 2x or 2y.
    private static void FillCircle(byte[,,] screen, byte[] colour, int x0, int y0, int radius)
    {
        int f = 1 - radius, ddFx = 0, ddFy = -2 * radius, x = 0, y = radius;
        while (x < y)
        {
            if (f >= 0)
            {
                y--;
                ddFy += 2;
                f += ddFy;
            }
            x++;
            ddFx += 2;
            f += ddFx + 1;
            if (f >= 0)
            {
                HorizontalLine(screen, colour, x0 - x, y0 + y - 1, x0 + x - 1);
                HorizontalLine(screen, colour, x0 - x, y0 - y, x0 + x - 1);
            }
            HorizontalLine(screen, colour, x0 - y, y0 + x - 1, x0 + y - 1);
            HorizontalLine(screen, colour, x0 - y, y0 - x, x0 + y - 1);
        }
    }

    private static void HorizontalLine(byte[,,] screen, byte[] colour, int x1, int y, int x2)
    {
        if (y < 0 || y >= Height) return;
        for (int x = Math.Max(0, x1); x <= Math.Min(Width - 1, x2); x++)
            for (int c = 0; c < 3; c++) screen[y, x, c] = colour[c];
    }

    // The reference's preprocessing: observation[::2, ::2, :][:, :, 0][15:95, :], then non-zero to 1.
    private static byte[] Preprocess(byte[,,] screen)
    {
        var image = new byte[80 * 80];
        for (int r = 0; r < 80; r++)
            for (int c = 0; c < 80; c++)
                image[r * 80 + c] = screen[2 * (r + 15), 2 * c, 0] != 0 ? (byte)1 : (byte)0;
        return image;
    }

    private static void AssertSameAsReference(HyperhotEnv env, GmcRL.Envs.MultimodalObservation observation, string scene)
    {
        byte[] expected = Preprocess(Screen(env.Game));
        byte[] actual = observation.Bytes(HyperhotEnv.Image).ToArray();
        int differ = Enumerable.Range(0, expected.Length).FirstOrDefault(i => expected[i] != actual[i], -1);
        Assert.True(differ < 0, $"{scene}: pixel (row {differ / 80}, column {differ % 80}) is {(differ < 0 ? 0 : actual[differ])}, the reference's {(differ < 0 ? 0 : expected[differ])}");
    }

    [Fact]
    public void The_circles_are_pygame_2s_even_diameter_discs()
    {
        var screen = new byte[Height, Width, 3];
        FillCircle(screen, [1, 1, 1], 20, 20, 3);
        string[] rows = Enumerable.Range(16, 8).Select(y => string.Concat(Enumerable.Range(16, 8).Select(x => screen[y, x, 0] != 0 ? '#' : '.'))).ToArray();
        Assert.Equal(["........", "...##...", "..####..", ".######.", ".######.", "..####..", "...##...", "........"], rows);
        Array.Clear(screen);
        FillCircle(screen, [1, 1, 1], 40, 40, 8);
        int lit = 0;
        foreach (byte b in screen) lit += b;
        Assert.Equal(188 * 3, lit);
    }

    [Fact]
    public void A_hand_placed_scene_is_the_reference_pipelines_image()
    {
        // Objects on the crop's edges and the screen's: the ship half off the left edge, an enemy at the formation's left
        // turn, bullets at odd and even coordinates across the crop's first and last rows (screen rows 30 and 188), a
        // dead enemy (not drawn) and a spent bullet (drawn).
        var env = Make(shipX: -2, place: g =>
        {
            for (int i = 0; i < 4; i++) g.Enemies[i].X = 5 + 32 * i;
            g.Enemies[2].Alive = false;
            g.PlayerBullet = Flying(31, 31);
            g.EnemyBullets[0] = Flying(158, 187);
            g.EnemyBullets[1] = Flying(0, 190);
            g.EnemyBullets[2] = new HyperhotGame.Bullet { State = HyperhotGame.BulletState.Spent, X = 77, Y = 28 };
            g.EnemyBullets[3] = Flying(120, 100);
        });
        var observation = env.SetScene(_ => { });
        AssertSameAsReference(env, observation, "hand-placed scene");
        Assert.True(observation.Bytes(HyperhotEnv.Image).ToArray().Count(b => b == 1) > 100);

        env = Make(shipX: 135, place: g =>
        {
            for (int i = 0; i < 4; i++) g.Enemies[i].X = 139 - 32 * (3 - i);
            g.PlayerBullet = Flying(159, 49);
            g.EnemyBullets[3] = Flying(150, 181);
        });
        AssertSameAsReference(env, env.SetScene(_ => { }), "the right edges");
    }

    [Fact]
    public void Random_play_images_are_the_reference_pipelines_images()
    {
        var env = new HyperhotEnv(seed: 3);
        var rng = new Random(3);
        var observation = env.Reset(3).Observation;
        AssertSameAsReference(env, observation, "reset");
        for (int t = 0; t < 3000; t++)
        {
            double kills = env.Tally(0);
            var r = env.Step(rng.Next(6));
            // The observation shows the scene before its step's collisions; of those, only a kill changes what is drawn.
            if (env.Tally(0) == kills) AssertSameAsReference(env, r.Observation, $"step {t}");
            if (r.Done) AssertSameAsReference(env, env.Reset().Observation, $"reset after step {t}");
        }
    }
}
