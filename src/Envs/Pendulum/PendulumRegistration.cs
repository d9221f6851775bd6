using GmcRL.Envs.Registry;

namespace GmcRL.Envs.Pendulum;

/// <summary>The multimodal pendulum as a registered environment: <c>multimodal-pendulum-v1</c>.</summary>
public static class PendulumRegistration
{
    /// <summary>The registered id.</summary>
    public const string Id = "multimodal-pendulum-v1";

    /// <summary>The registration with the reference settings (docs/method.md §5 and §6): 2 frames, 300-step episodes, the
    /// sound min-max scaled to the collected data, the true state (cos theta, sin theta, theta_dot), and replays that
    /// play the receivers' Doppler tones.</summary>
    public static EnvRegistration<float[]> Create()
    {
        var settings = new MultimodalPendulumSettings();
        var sound = settings.Sound;
        double length = settings.Physics.Length;
        return new EnvRegistration<float[]>
        {
            Id = Id,
            Description = "swing up a rod seen as a 60x60 image and heard as Doppler tones at 3 receivers (GMC, ICML 2022)",
            FrameStack = 2,
            EpisodeSteps = 300,
            CollectResetEvery = 300,
            Factory = context => new MultimodalPendulum(
                settings with { SoundNormalization = context.Calibration is { } c ? PendulumCalibration.Normalization(c) : null }, context.Seed),
            Calibration = new PendulumCalibration(),
            TrueState = new TrueState(["theta", "theta_dot"], ["cos_theta", "sin_theta", "theta_dot"], (state, features) =>
            {
                features[0] = (float)Math.Cos(state[0]);
                features[1] = (float)Math.Sin(state[0]);
                features[2] = (float)state[1];
            }, Angle: 0),
            Replay = new ReplayStyle(settings.Physics.Dt, new ReplayTones("sound", sound.Receivers.Select(r => r.Name).ToArray(),
                sound.EmittedFrequency, sound.LoudestAmplitude(length), sound.LoudestSum(length),
                (state, frame) => sound.Compute(state[0], state[1], length, frame))),
        };
    }
}
