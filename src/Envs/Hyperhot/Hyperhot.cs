namespace GmcRL.Envs.Hyperhot;

/// <summary>
/// Hyperhot, the second multimodal game of the GMC authors (MUSE, Vasco et al., AAMAS 2022; HYPERHOT-SPEC): shoot a
/// formation of enemies from a ship at the bottom of the screen while dodging their bullets, seeing the screen as an
/// 80x80 binary image and hearing it at four microphones.
/// </summary>
/// <remarks>
/// <para><b>Description.</b> A 160 x 210 screen. The ship (a 24 x 8 rectangle, bottom edge at y = 188) moves 5 px per
/// step and has at most one bullet, which flies up 6 px per step. The formation (4 enemies by default, 16 x 16, centred
/// at y = 40) slides 1 px per step sideways and turns at the screen's edges; every 6th step one live enemy without a
/// bullet in flight, picked uniformly, fires (at most 4 enemy bullets in flight); enemy bullets fall 6 px per step.
/// A player bullet touching a live enemy kills both; touching an enemy bullet, both die; an enemy bullet touching the
/// ship loses the game. Touching is pygame's circle test (radius half the rectangle's diagonal).</para>
/// <para><b>Action space.</b> <c>Discrete(6)</c> (<see cref="HyperhotAction"/>): 0 stop, 1 left, 2 right, 3 shoot,
/// 4 shoot and left, 5 shoot and right.</para>
/// <para><b>Observation (per modality, one frame; stack with <see cref="Wrappers.FrameStack{TAction}"/>).</b>
/// <c>image</c>: [80, 80] bytes in [0, 1], the screen as the reference preprocesses it (every second row and column,
/// red channel, rows 15..94, non-zero to 1; <see cref="HyperhotImage"/>). <c>sound</c>: [receivers, 1047] floats in
/// [0, 1], per microphone the square waves of the player's bullet, the live enemies and the enemy bullets, decaying as
/// exp(-0.025 d), mixed to 16 bits and scaled as (s + 32767) / 65534 (<see cref="HyperhotSound"/>). Both are drawn
/// after everything has moved and before the collisions are resolved, as in the reference.</para>
/// <para><b>Reward.</b> +10 for a win, -1 for losing the ship or running out of time, 0 otherwise (kills earn
/// nothing).</para>
/// <para><b>Start state.</b> The ship's centre uniform in x = 10..130, standing still; the formation at its start
/// (centres x = 32, 64, 96, 128), moving left or right with probability 1/2; no bullets.</para>
/// <para><b>Episode end.</b> Terminates, checked in this order once everything has moved and before the player's bullet
/// is resolved: the time limit (450 steps by default: reward -1, outcome time_up), the ship hit (-1, lost), every enemy
/// dead (+10, win). The time limit is a terminal outcome of the game with its own reward, as in the reference, not a
/// truncation: the environment ends its own episodes, so <see cref="StepResult{TObservation}.Truncated"/> is always
/// false.</para>
/// <para><b>Reference quirks kept</b> (the game the published agents played): "shoot" keeps the ship's previous motion
/// (and a move cancelled at the screen's edge is forgotten, so shooting there keeps still); the time limit is a
/// terminal outcome with reward -1 at 450 steps, not a truncation; a dead enemy keeps moving invisibly with the
/// formation (only live ones decide where it turns) and its bullet in flight stays dangerous; the win is detected one
/// step after the last kill (the ship can still be hit in that step, in which nothing but the ship and its bullet
/// move); collisions are checked after everything has moved; a bullet that dies (off screen or in a collision) is
/// removed only when its side next moves, so the ship cannot fire in the step after its bullet dies, nor an enemy whose
/// bullet died, and such a bullet is drawn, heard and still collides in the step it dies (a player bullet that hits an
/// enemy bullet can kill an enemy in the same step); one enemy bullet and one enemy at most are hit per step, the first
/// in formation order.</para>
/// <para><b>Randomness.</b> From the environment's own seeded generator (the reference draws from Python's and
/// numpy's global ones), so trajectories match the reference's rules and statistics, not its games step for step.</para>
/// <para><see cref="StepInfo.State"/> is the true state, <see cref="StateNames"/> long: the step, the ship (centre x,
/// motion), the player's bullet (0 none, 1 flying, 2 spent; centre x, y; 0, 0 when none), the steps since the enemies
/// last had a chance to fire (0..5), the formation's direction (1 right, -1 left), then per enemy: alive (1 or 0), centre x, centre y, its
/// bullet (0 none, 1 flying, 2 spent) and the bullet's centre x, y. Pixels, y downwards. The ending and the kills are
/// reported through <see cref="IEpisodeOutcome"/>.</para>
/// </remarks>
public sealed class Hyperhot : IEnvironment<MultimodalObservation, int>, IEpisodeOutcome
{
    /// <summary>Index of the image modality.</summary>
    public const int Image = 0;

    /// <summary>Index of the sound modality.</summary>
    public const int Sound = 1;

    private static readonly string[] EndingNames = ["win", "lost", "time_up"];
    private static readonly string[] TallyNames = ["kills"];

    // The sources' periods in samples: 95, 169, 134, 112.
    private static readonly int PlayerBulletPeriod = HyperhotSound.Period(HyperhotSound.PlayerBulletNote);
    private static readonly int LowEnemyPeriod = HyperhotSound.Period(HyperhotSound.LowEnemyNote);
    private static readonly int HighEnemyPeriod = HyperhotSound.Period(HyperhotSound.HighEnemyNote);
    private static readonly int EnemyBulletPeriod = HyperhotSound.Period(HyperhotSound.EnemyBulletNote);

    private readonly HyperhotSettings _settings;
    private readonly HyperhotGame _game;
    private readonly HyperhotSound _sound;
    private readonly Discrete _actions = new(6);
    private readonly MultimodalSpace _space;
    private readonly MultimodalObservation _observation;
    private readonly HyperhotSound.Voice[] _voices;
    private readonly double[] _state;
    private Random _rng;
    private bool _started, _ended;

    /// <summary>A game with the given (validated) settings, MUSE's by default.</summary>
    public Hyperhot(HyperhotSettings? settings = null, int seed = 0)
    {
        _settings = (settings ?? new HyperhotSettings()).Validated();
        _game = new HyperhotGame(_settings);
        _sound = new HyperhotSound(_game.Voices);
        _voices = new HyperhotSound.Voice[_game.Voices];
        _rng = new Random(seed);
        _space = new MultimodalSpace(new ObservationSpec(
        [
            new ModalitySpec("image", [HyperhotImage.Side, HyperhotImage.Side], ElementType.UInt8, 0, 1, ModalityKind.Image),
            new ModalitySpec("sound", [_settings.Receivers.Count, HyperhotSound.Samples], ElementType.Float32, 0, 1, ModalityKind.Signal,
                levels: HyperhotSound.Levels),
        ]));
        _observation = new MultimodalObservation(_space.Spec);
        StateNames = StateNamesFor(_settings.Enemies);
        _state = new double[StateNames.Count];
    }

    /// <summary>The settings in use.</summary>
    public HyperhotSettings Settings => _settings;

    /// <summary>The modalities.</summary>
    public ObservationSpec Spec => _space.Spec;

    /// <inheritdoc/>
    public ISpace<MultimodalObservation> ObservationSpace => _space;

    /// <inheritdoc/>
    public ISpace<int> ActionSpace => _actions;

    /// <summary>The true state's components (<see cref="StepInfo.State"/>), as the remarks describe them.</summary>
    public IReadOnlyList<string> StateNames { get; }

    /// <summary>The true state after the last reset or step.</summary>
    public ReadOnlySpan<double> State => _state;

    /// <inheritdoc/>
    public IReadOnlyList<string> Outcomes => EndingNames;

    /// <inheritdoc/>
    public int? Outcome => _game.Outcome switch
    {
        HyperhotGame.Ending.Win => 0,
        HyperhotGame.Ending.Lost => 1,
        HyperhotGame.Ending.TimeUp => 2,
        _ => null,
    };

    /// <inheritdoc/>
    public IReadOnlyList<string> Tallies => TallyNames;

    /// <inheritdoc/>
    public double Tally(int tally) => tally == 0 ? _game.Kills
        : throw new ArgumentOutOfRangeException(nameof(tally), tally, "Hyperhot counts one thing per episode: kills (tally 0).");

    /// <summary>The true state's component names for a formation of <paramref name="enemies"/>.</summary>
    public static IReadOnlyList<string> StateNamesFor(int enemies)
    {
        var names = new List<string>
        {
            "step", "ship_x", "ship_motion", "player_bullet", "player_bullet_x", "player_bullet_y", "fire_tick", "formation_direction",
        };
        for (int i = 0; i < enemies; i++)
            names.AddRange([$"enemy{i}_alive", $"enemy{i}_x", $"enemy{i}_y", $"enemy{i}_bullet", $"enemy{i}_bullet_x", $"enemy{i}_bullet_y"]);
        return names;
    }

    /// <summary>The game itself, for tests that place objects by hand.</summary>
    internal HyperhotGame Game => _game;

    /// <summary>Places objects by hand (for tests), as if an episode had just started there, and observes the scene
    /// (which advances the sound's phases as a reset does).</summary>
    internal MultimodalObservation SetScene(Action<HyperhotGame> place)
    {
        place(_game);
        _game.Outcome = HyperhotGame.Ending.None;
        _started = true;
        _ended = false;
        Observe();
        WriteState();
        return _observation;
    }

    /// <inheritdoc/>
    public ResetResult<MultimodalObservation> Reset(int? seed = null)
    {
        if (seed is int s) _rng = new Random(s);
        _game.Reset(_rng);
        _started = true;
        _ended = false;
        Observe();
        WriteState();
        return new ResetResult<MultimodalObservation>(_observation, new StepInfo(_state, 0));
    }

    /// <inheritdoc/>
    public StepResult<MultimodalObservation> Step(int action)
    {
        if (!_started) throw ResetNeededException.BeforeFirstReset(nameof(Hyperhot));
        if (_ended) throw ResetNeededException.AfterEnd(nameof(Hyperhot));
        _actions.CheckAction(action, nameof(Hyperhot));
        _game.Advance(action, _rng);
        Observe();
        double reward = _game.Resolve();
        _ended = _game.Outcome != HyperhotGame.Ending.None;
        WriteState();
        return new StepResult<MultimodalObservation>(_observation, reward, _ended, false, new StepInfo(_state, _game.Steps));
    }

    private void Observe()
    {
        HyperhotImage.Render(_game, _observation.Bytes(Image));
        int voices = ListVoices();
        var sound = _observation.Floats(Sound);
        for (int r = 0; r < _settings.Receivers.Count; r++)
        {
            var (x, y) = ReceiverPosition(_settings.Receivers[r]);
            _sound.Render(_voices.AsSpan(0, voices), _game.Phases, x, y, sound.Slice(r * HyperhotSound.Samples, HyperhotSound.Samples));
        }
        _observation.Mask = PresenceMask.All(2);
    }

    // The sounding sources in the reference's order: the player's bullet, then each live enemy followed by its bullet.
    private int ListVoices()
    {
        int n = 0;
        var g = _game;
        if (g.PlayerBullet.Listed)
            _voices[n++] = new(g.PlayerBullet.X, g.PlayerBullet.Y, PlayerBulletPeriod, HyperhotGame.PlayerBulletVoice);
        for (int i = 0; i < g.Enemies.Length; i++)
        {
            if (g.Enemies[i].Alive)
                _voices[n++] = new(g.Enemies[i].CentreX, HyperhotGame.EnemyTop + HyperhotGame.EnemySize / 2, i < 2 ? LowEnemyPeriod : HighEnemyPeriod, HyperhotGame.EnemyVoice(i));
            if (g.EnemyBullets[i].Listed)
                _voices[n++] = new(g.EnemyBullets[i].X, g.EnemyBullets[i].Y, EnemyBulletPeriod, HyperhotGame.EnemyBulletVoice(i));
        }
        return n;
    }

    // pygame's Rect anchors of the ship (midleft, midright, ...) and the screen's bottom points.
    private (double X, double Y) ReceiverPosition(HyperhotReceiver receiver)
    {
        int left = _game.ShipX, top = HyperhotGame.ShipTop;
        const int w = HyperhotGame.ShipWidth, h = HyperhotGame.ShipHeight;
        return receiver switch
        {
            HyperhotReceiver.Bottom => (HyperhotGame.ScreenWidth / 2, HyperhotGame.ScreenHeight),
            HyperhotReceiver.LeftBottom => (0, HyperhotGame.ScreenHeight),
            HyperhotReceiver.RightBottom => (HyperhotGame.ScreenWidth, HyperhotGame.ScreenHeight),
            HyperhotReceiver.BottomShip => (left + w / 2, top + h),
            HyperhotReceiver.TopShip => (left + w / 2, top),
            HyperhotReceiver.CenterShip => (left + w / 2, top + h / 2),
            HyperhotReceiver.LeftShip => (left, top + h / 2),
            HyperhotReceiver.RightShip => (left + w, top + h / 2),
            _ => throw new ArgumentOutOfRangeException(nameof(receiver), receiver, "unknown receiver"),
        };
    }

    private void WriteState()
    {
        var g = _game;
        var s = _state.AsSpan();
        s[0] = g.Steps;
        s[1] = g.ShipCentre.X;
        s[2] = g.ShipMotion;
        WriteBullet(s[3..6], g.PlayerBullet);
        s[6] = g.FireTick;
        s[7] = g.FormationRight ? 1 : -1;
        for (int i = 0; i < g.Enemies.Length; i++)
        {
            var e = s.Slice(8 + 6 * i, 6);
            e[0] = g.Enemies[i].Alive ? 1 : 0;
            e[1] = g.Enemies[i].CentreX;
            e[2] = HyperhotGame.EnemyTop + HyperhotGame.EnemySize / 2;
            WriteBullet(e[3..], g.EnemyBullets[i]);
        }
    }

    private static void WriteBullet(Span<double> s, HyperhotGame.Bullet b)
    {
        s[0] = (int)b.State;
        s[1] = b.Listed ? b.X : 0;
        s[2] = b.Listed ? b.Y : 0;
    }
}
