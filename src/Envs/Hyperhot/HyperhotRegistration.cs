using GmcRL.Envs.Registry;

namespace GmcRL.Envs.Hyperhot;

/// <summary>Hyperhot as a registered environment: <c>hyperhot-v1</c>.</summary>
public static class HyperhotRegistration
{
    /// <summary>The registered id.</summary>
    public const string Id = "hyperhot-v1";

    /// <summary>The registration with MUSE's settings (HYPERHOT-SPEC §4): four enemies, a 450-step game, the four
    /// receivers, 2 frames. The game ends its own episodes (450 steps at most), so collection resets only when one ends.
    /// The sound's scale is fixed (16-bit samples), so there is nothing to calibrate. Replays need no tones: the sound is
    /// raw audio, which they play as recorded, the four microphones on four channels (the renderer's SignalAudio: 1,047
    /// samples a step at 30 steps a second, 31,410 Hz).</summary>
    public static EnvRegistration<int> Create()
    {
        var settings = new HyperhotSettings();
        var names = Hyperhot.StateNamesFor(settings.Enemies);
        double[] scales = names.Select(n => Scale(n, settings)).ToArray();
        return new EnvRegistration<int>
        {
            Id = Id,
            Description = "shoot 4 enemies while dodging their bullets, seen as an 80x80 image and heard at 4 microphones (MUSE, AAMAS 2022)",
            FrameStack = 2,
            EpisodeSteps = settings.TimeLimitSteps,
            CollectResetEvery = null,
            Factory = context => new Hyperhot(settings, context.Seed),
            TrueState = new TrueState(names, names, (state, features) =>
            {
                for (int i = 0; i < state.Length; i++) features[i] = (float)(state[i] / scales[i]);
            }),
            Replay = new ReplayStyle(1.0 / 30),
            // A lost game would score better per step the sooner it ends: a game scores its total reward (MUSE).
            Score = EpisodeScore.Return,
        };
    }

    // The features are the state scaled to about [-1, 1]: positions by the screen's size (a dead enemy moving on with
    // the formation may lie off screen, up to about 1.5), the step by the time limit, the motion by the ship's speed, the
    // fire tick by its period, a bullet's state (0, 1, 2) by 2.
    private static double Scale(string name, HyperhotSettings settings) => name switch
    {
        "step" => settings.TimeLimitSteps,
        "ship_motion" => 5,
        "fire_tick" => 6,
        _ when name.EndsWith("_x", StringComparison.Ordinal) => HyperhotGame.ScreenWidth,
        _ when name.EndsWith("_y", StringComparison.Ordinal) => HyperhotGame.ScreenHeight,
        _ when name.EndsWith("bullet", StringComparison.Ordinal) => 2,
        _ => 1,
    };
}
