namespace GmcRL.Envs.Hyperhot;

/// <summary>
/// The rules of Hyperhot (HYPERHOT-SPEC §1): the ship, the enemy formation, the bullets, their collisions and the end
/// of the game, in screen pixels (160 x 210, y downwards) with integer rectangles like pygame's <c>Rect</c>. It keeps the
/// reference's quirks; <see cref="Hyperhot"/> lists them. A step is <see cref="Advance"/> (everything moves), then the
/// environment observes, then <see cref="Resolve"/> (end checks and collisions), the reference's order.
/// </summary>
internal sealed class HyperhotGame
{
    public const int ScreenWidth = 160, ScreenHeight = 210;
    public const int ShipWidth = 24, ShipHeight = 8, ShipTop = 180, ShipSpeed = 5;
    public const int EnemySize = 16, EnemyTop = 32;
    public const int BulletSize = 6, BulletSpeed = 6;

    // A move left is cancelled when the ship's left edge is below 10, a move right when it is above 130.
    private const int ShipLeftStop = 10, ShipRightStop = 130;

    // The formation turns when its leftmost live enemy's left edge is <= 5 or its rightmost one's right edge >= 155.
    private const int FormationMargin = 5;

    // Enemies fire every 6th step.
    private const int FirePeriod = 6;

    // The enemies' starting centres by formation size.
    private static readonly int[][] StartCentres = [[80], [56, 104], [32, 80, 128], [32, 64, 96, 128]];

    // pygame.sprite.collide_circle: radius = half the rectangle's diagonal; two objects touch when the squared distance
    // of their centres is <= (r1 + r2)^2, in doubles as Python computes it (242.00000000000003 for an enemy and a
    // bullet, 71.99999999999999 for two bullets).
    internal static readonly double ShipBulletReach = Square(Radius(ShipWidth, ShipHeight) + Radius(BulletSize, BulletSize));
    internal static readonly double EnemyBulletReach = Square(Radius(EnemySize, EnemySize) + Radius(BulletSize, BulletSize));
    internal static readonly double BulletBulletReach = Square(Radius(BulletSize, BulletSize) + Radius(BulletSize, BulletSize));

    private readonly HyperhotSettings _settings;
    private bool _enemiesWereAlive;

    public HyperhotGame(HyperhotSettings settings)
    {
        _settings = settings;
        Enemies = new Enemy[settings.Enemies];
        EnemyBullets = new Bullet[settings.Enemies];
        Phases = new int[Voices];
    }

    /// <summary>How a game ends.</summary>
    public enum Ending
    {
        /// <summary>Still playing.</summary>
        None,

        /// <summary>Every enemy is dead: reward +10.</summary>
        Win,

        /// <summary>An enemy bullet hit the ship: reward -1.</summary>
        Lost,

        /// <summary>The time limit was reached: reward -1.</summary>
        TimeUp,
    }

    /// <summary>A bullet's slot. A spent bullet (gone off screen or hit something) is still listed until the next
    /// move of its side: it is drawn, heard and collides for the rest of its step, and it keeps its shooter from firing
    /// (the reference removes dead bullets only when their side next moves).</summary>
    public enum BulletState : byte
    {
        /// <summary>No bullet.</summary>
        None,

        /// <summary>In flight.</summary>
        Flying,

        /// <summary>Dead but still listed until its side next moves.</summary>
        Spent,
    }

    /// <summary>A bullet: its slot state and its centre (its 6 x 6 rectangle's top-left is (X - 3, Y - 3)).</summary>
    public struct Bullet
    {
        public BulletState State;
        public int X, Y;

        public readonly bool Listed => State != BulletState.None;
    }

    /// <summary>An enemy: alive or not (a dead one moves on with the formation, unseen and unheard) and its 16 x 16
    /// rectangle's left edge (its top is always <see cref="EnemyTop"/>).</summary>
    public struct Enemy
    {
        public bool Alive;
        public int X;

        public readonly int CentreX => X + EnemySize / 2;
    }

    /// <summary>The ship's rectangle's left edge (its top is always <see cref="ShipTop"/>).</summary>
    public int ShipX;

    /// <summary>The ship's horizontal motion per step: -5, 0 or 5; "shoot" keeps it.</summary>
    public int ShipMotion;

    /// <summary>The ship's bullet (at most one).</summary>
    public Bullet PlayerBullet;

    /// <summary>The formation, left to right.</summary>
    public readonly Enemy[] Enemies;

    /// <summary>Each enemy's bullet (at most one each; a dead enemy's bullet flies on).</summary>
    public readonly Bullet[] EnemyBullets;

    /// <summary>Whether the formation moves right (else left).</summary>
    public bool FormationRight;

    /// <summary>Steps taken in this episode.</summary>
    public int Steps;

    /// <summary>Steps since the enemies last had a chance to fire; they fire when it reaches 6, and it restarts.</summary>
    public int FireTick;

    /// <summary>Enemies killed in this episode.</summary>
    public int Kills;

    /// <summary>How the episode ended, or <see cref="Ending.None"/>.</summary>
    public Ending Outcome;

    /// <summary>The sound sources' square-wave phases (samples into their period), by voice slot:
    /// <see cref="PlayerBulletVoice"/>, <see cref="EnemyVoice"/>, <see cref="EnemyBulletVoice"/>.</summary>
    public readonly int[] Phases;

    /// <summary>Number of voice slots: the player's bullet, then each enemy and its bullet.</summary>
    public int Voices => 1 + 2 * _settings.Enemies;

    public const int PlayerBulletVoice = 0;

    public static int EnemyVoice(int enemy) => 1 + 2 * enemy;

    public static int EnemyBulletVoice(int enemy) => 2 + 2 * enemy;

    /// <summary>The ship's centre.</summary>
    public (int X, int Y) ShipCentre => (ShipX + ShipWidth / 2, ShipTop + ShipHeight / 2);

    /// <summary>Starts a game: the ship's centre uniform in 10..130, the formation at its start moving left or right
    /// with probability 1/2, no bullets, every phase at 0.</summary>
    public void Reset(Random rng)
    {
        ShipX = rng.Next(10, 131) - ShipWidth / 2;
        ShipMotion = 0;
        PlayerBullet = default;
        FormationRight = rng.NextDouble() < 0.5;
        int[] centres = StartCentres[Enemies.Length - 1];
        for (int i = 0; i < Enemies.Length; i++)
        {
            Enemies[i] = new Enemy { Alive = true, X = centres[i] - EnemySize / 2 };
            EnemyBullets[i] = default;
        }
        Array.Clear(Phases);
        Steps = 0;
        FireTick = 0;
        Kills = 0;
        Outcome = Ending.None;
        _enemiesWereAlive = true;
    }

    /// <summary>Moves everything for <paramref name="action"/> (a valid one): the counters, the ship and its bullet,
    /// then the enemies (fire, turn, move) and their bullets.</summary>
    public void Advance(int action, Random rng)
    {
        Steps++;
        FireTick++;
        MoveShip((HyperhotAction)action);
        MoveEnemies(rng);
    }

    /// <summary>The end checks in the reference's order (time limit, ship hit, all enemies dead), then, if the game goes
    /// on, the player's bullet against enemy bullets and against enemies. Returns the step's reward.</summary>
    public double Resolve()
    {
        if (Steps >= _settings.TimeLimitSteps) return End(Ending.TimeUp, -1);
        var (shipX, shipY) = ShipCentre;
        foreach (ref readonly var b in EnemyBullets.AsSpan())
            if (b.Listed && Touch(shipX, shipY, b.X, b.Y, ShipBulletReach)) return End(Ending.Lost, -1);
        // All enemies were dead before this step moved, so a last kill wins one step later.
        if (!_enemiesWereAlive) return End(Ending.Win, 10);

        if (PlayerBullet.Listed)
        {
            // The first enemy bullet the player's bullet touches: both die.
            for (int i = 0; i < EnemyBullets.Length; i++)
            {
                ref var b = ref EnemyBullets[i];
                if (b.Listed && Touch(PlayerBullet.X, PlayerBullet.Y, b.X, b.Y, BulletBulletReach))
                {
                    b.State = BulletState.Spent;
                    PlayerBullet.State = BulletState.Spent;
                    break;
                }
            }
            // The first live enemy it touches (even if it has just died on an enemy bullet): both die.
            for (int i = 0; i < Enemies.Length; i++)
            {
                ref var e = ref Enemies[i];
                if (e.Alive && Touch(PlayerBullet.X, PlayerBullet.Y, e.CentreX, EnemyTop + EnemySize / 2, EnemyBulletReach))
                {
                    e.Alive = false;
                    PlayerBullet.State = BulletState.Spent;
                    Kills++;
                    break;
                }
            }
        }
        return 0;
    }

    private double End(Ending outcome, double reward)
    {
        Outcome = outcome;
        return reward;
    }

    private void MoveShip(HyperhotAction action)
    {
        if (action is HyperhotAction.Stop) ShipMotion = 0;
        else if (action is HyperhotAction.Left or HyperhotAction.ShootLeft) ShipMotion = -ShipSpeed;
        else if (action is HyperhotAction.Right or HyperhotAction.ShootRight) ShipMotion = ShipSpeed;
        // Shoot alone keeps the previous motion. A spent bullet still holds the gun until the ship's bullet moves below.
        if (action is (HyperhotAction.Shoot or HyperhotAction.ShootLeft or HyperhotAction.ShootRight) && !PlayerBullet.Listed)
        {
            PlayerBullet = new Bullet { State = BulletState.Flying, X = ShipX + ShipWidth / 2, Y = ShipTop };
            Phases[PlayerBulletVoice] = 0;
        }
        // A blocked move is forgotten: a later "shoot" keeps standing still.
        if (ShipX < ShipLeftStop && ShipMotion == -ShipSpeed) ShipMotion = 0;
        else if (ShipX > ShipRightStop && ShipMotion == ShipSpeed) ShipMotion = 0;
        ShipX += ShipMotion;
        Fly(ref PlayerBullet, -BulletSpeed);
    }

    private void MoveEnemies(Random rng)
    {
        _enemiesWereAlive = false;
        int first = -1, last = -1;
        for (int i = 0; i < Enemies.Length; i++)
        {
            if (!Enemies[i].Alive) continue;
            _enemiesWereAlive = true;
            if (first < 0) first = i;
            last = i;
        }
        // With every enemy dead nothing moves: not the formation, nor the enemy bullets.
        if (!_enemiesWereAlive) return;

        if (FireTick % FirePeriod == 0)
        {
            FireTick = 0;
            Fire(rng);
        }
        if (Enemies[first].X <= FormationMargin) FormationRight = true;
        if (Enemies[last].X + EnemySize >= ScreenWidth - FormationMargin) FormationRight = false;
        int dx = FormationRight ? 1 : -1;
        for (int i = 0; i < Enemies.Length; i++)
        {
            Enemies[i].X += dx;
            Fly(ref EnemyBullets[i], BulletSpeed);
        }
    }

    // If fewer than MaxEnemyBullets are listed, one live enemy without a listed bullet, picked uniformly, fires from its
    // bottom centre.
    private void Fire(Random rng)
    {
        int listed = 0, ready = 0;
        for (int i = 0; i < Enemies.Length; i++)
        {
            if (EnemyBullets[i].Listed) listed++;
            else if (Enemies[i].Alive) ready++;
        }
        if (listed >= _settings.MaxEnemyBullets || ready == 0) return;
        int pick = rng.Next(ready);
        for (int i = 0; i < Enemies.Length; i++)
        {
            if (EnemyBullets[i].Listed || !Enemies[i].Alive || pick-- > 0) continue;
            EnemyBullets[i] = new Bullet { State = BulletState.Flying, X = Enemies[i].CentreX, Y = EnemyTop + EnemySize };
            Phases[EnemyBulletVoice(i)] = 0;
            return;
        }
    }

    // A spent bullet is removed; a flying one moves and is spent once its rectangle's top leaves [0, 210].
    private static void Fly(ref Bullet b, int dy)
    {
        if (b.State == BulletState.Spent) b.State = BulletState.None;
        if (b.State != BulletState.Flying) return;
        b.Y += dy;
        int top = b.Y - BulletSize / 2;
        if (top < 0 || top > ScreenHeight) b.State = BulletState.Spent;
    }

    private static bool Touch(int ax, int ay, int bx, int by, double reach)
    {
        int dx = ax - bx, dy = ay - by;
        return dx * dx + dy * dy <= reach;
    }

    private static double Radius(int width, int height) => 0.5 * Math.Sqrt(width * width + height * height);

    private static double Square(double x) => x * x;
}
