namespace GmcRL.Envs.Pendulum;

/// <summary>
/// The multimodal pendulum of docs/method.md §5: Pendulum-v1's physics, observed through an image and a sound of the
/// same swinging rod.
/// </summary>
/// <remarks>
/// <para><b>Description.</b> Swing a rod up and keep it upright, seeing it in a binary image and hearing a tone from its
/// tip at three receivers.</para>
/// <para><b>Action space.</b> <c>Box(1, [-2, 2])</c>: the torque; larger values are clipped, non-finite ones rejected.</para>
/// <para><b>Observation (per modality, one frame; stack with <see cref="Wrappers.FrameStack{TAction}"/>).</b>
/// <c>image</c>: [60, 60] bytes, 1 where the rod or axle is, row 0 at the top (<see cref="PendulumImage"/>).
/// <c>sound</c>: [3, 2] floats, per receiver (frequency, amplitude) scaled by <see cref="SoundNormalization"/>
/// (<see cref="PendulumSound"/>). Both show the state after the step.</para>
/// <para><b>Reward.</b> -(norm(theta)^2 + 0.1 theta_dot^2 + 0.001 u^2), in [-16.2736044, 0].</para>
/// <para><b>Start state.</b> theta uniform in [-pi, pi], theta_dot uniform in [-1, 1].</para>
/// <para><b>Episode end.</b> Never terminates; wrap it in <see cref="Wrappers.TimeLimit{TObservation, TAction}"/>.</para>
/// <para><see cref="StepInfo.State"/> is the true state (theta, theta_dot).</para>
/// </remarks>
public sealed class MultimodalPendulum : IEnvironment<MultimodalObservation, float[]>
{
    /// <summary>Index of the image modality.</summary>
    public const int Image = 0;

    /// <summary>Index of the sound modality.</summary>
    public const int Sound = 1;

    private readonly MultimodalPendulumSettings _settings;
    private readonly PendulumSimulation _sim;
    private readonly MultimodalSpace _observationSpace;
    private readonly MultimodalObservation _observation;

    /// <summary>A multimodal pendulum with the given (validated) settings, the reference ones by default.</summary>
    public MultimodalPendulum(MultimodalPendulumSettings? settings = null, int seed = 0)
    {
        _settings = (settings ?? new MultimodalPendulumSettings()).Validated();
        SoundNormalization = _settings.SoundNormalization ?? _settings.Sound.TheoreticalRange(_settings.Physics);
        _sim = new PendulumSimulation(_settings.Physics, seed, nameof(MultimodalPendulum));

        // The sound's bounds: the widest raw range, scaled by the normalisation in use.
        var range = _settings.Sound.TheoreticalRange(_settings.Physics);
        double[] bounds =
        [
            SoundNormalization.Frequency(range.FrequencyMin), SoundNormalization.Frequency(range.FrequencyMax),
            SoundNormalization.Amplitude(range.AmplitudeMin), SoundNormalization.Amplitude(range.AmplitudeMax),
        ];
        var spec = new ObservationSpec(
        [
            new ModalitySpec("image", [PendulumImage.Size, PendulumImage.Size], ElementType.UInt8, 0, 1),
            // Rounded outwards to float, since observations are floats rounded from doubles.
            new ModalitySpec("sound", [_settings.Sound.Receivers.Count, 2], ElementType.Float32,
                MathF.BitDecrement((float)bounds.Min()), MathF.BitIncrement((float)bounds.Max())),
        ]);
        _observationSpace = new MultimodalSpace(spec);
        _observation = new MultimodalObservation(spec);
    }

    /// <summary>The settings in use.</summary>
    public MultimodalPendulumSettings Settings => _settings;

    /// <summary>The sound normalisation in use: give it to a new environment's settings to observe on the same scale.</summary>
    public SoundNormalization SoundNormalization { get; }

    /// <summary>The modalities.</summary>
    public ObservationSpec Spec => _observationSpace.Spec;

    /// <inheritdoc/>
    public ISpace<MultimodalObservation> ObservationSpace => _observationSpace;

    /// <inheritdoc/>
    public ISpace<float[]> ActionSpace => _sim.ActionSpace;

    /// <summary>The true state (theta, theta_dot).</summary>
    public ReadOnlySpan<double> State => _sim.State;

    /// <summary>Sets the state directly (for tests and replays), as if an episode had just started there.</summary>
    public MultimodalObservation SetState(double theta, double thetaDot)
    {
        _sim.SetState(theta, thetaDot);
        return Observe();
    }

    /// <inheritdoc/>
    public ResetResult<MultimodalObservation> Reset(int? seed = null)
    {
        _sim.Reset(seed);
        return new ResetResult<MultimodalObservation>(Observe(), _sim.Info);
    }

    /// <inheritdoc/>
    public StepResult<MultimodalObservation> Step(float[] action)
    {
        double reward = _sim.Step(action);
        return new StepResult<MultimodalObservation>(Observe(), reward, false, false, _sim.Info);
    }

    /// <summary>Raw (unscaled) sound of a state: per receiver (Hz, 1/d^2). For statistics and sonification.</summary>
    public void RawSound(double theta, double thetaDot, Span<float> frame) =>
        _settings.Sound.Compute(theta, thetaDot, _settings.Physics.Length, frame);

    private MultimodalObservation Observe()
    {
        double theta = _sim.State[0], thetaDot = _sim.State[1];
        PendulumImage.Render(theta, _settings.Physics.Length, _observation.Bytes(Image));
        _settings.Sound.Compute(theta, thetaDot, _settings.Physics.Length, _observation.Floats(Sound), SoundNormalization);
        _observation.Mask = PresenceMask.All(2);
        return _observation;
    }
}
