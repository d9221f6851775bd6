namespace GmcRL.Envs.Pendulum;

/// <summary>
/// The multimodal pendulum of GMC-SPEC §5: Pendulum-v1's physics, observed through an image and a sound of the
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
    private readonly Box _actionSpace;
    private readonly MultimodalSpace _observationSpace;
    private readonly MultimodalObservation _observation;
    private readonly double[] _state = new double[2];
    private Random _rng;
    private bool _started;
    private int _step;

    /// <summary>A multimodal pendulum with the given (validated) settings, the reference ones by default.</summary>
    public MultimodalPendulum(MultimodalPendulumSettings? settings = null, int seed = 0)
    {
        _settings = (settings ?? new MultimodalPendulumSettings()).Validated();
        SoundNormalization = _settings.SoundNormalization ?? _settings.Sound.TheoreticalRange(_settings.Physics);
        float maxTorque = (float)_settings.Physics.MaxTorque;
        _actionSpace = new Box([-maxTorque], [maxTorque]);

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
        _rng = new Random(seed);
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
    public ISpace<float[]> ActionSpace => _actionSpace;

    /// <summary>The true state (theta, theta_dot).</summary>
    public ReadOnlySpan<double> State => _state;

    /// <summary>Sets the state directly (for tests and replays), as if an episode had just started there.</summary>
    public MultimodalObservation SetState(double theta, double thetaDot)
    {
        _state[0] = theta;
        _state[1] = thetaDot;
        _started = true;
        _step = 0;
        Observe();
        return _observation;
    }

    /// <inheritdoc/>
    public ResetResult<MultimodalObservation> Reset(int? seed = null)
    {
        if (seed is int s) _rng = new Random(s);
        var (theta, thetaDot) = PendulumPhysics.RandomStart(_rng);
        SetState(theta, thetaDot);
        return new ResetResult<MultimodalObservation>(_observation, new StepInfo(_state, 0));
    }

    /// <inheritdoc/>
    public StepResult<MultimodalObservation> Step(float[] action)
    {
        if (!_started) throw ResetNeededException.BeforeFirstReset(nameof(MultimodalPendulum));
        _actionSpace.CheckAction(action, nameof(MultimodalPendulum));
        double reward;
        (_state[0], _state[1], reward) = PendulumPhysics.Step(_settings.Physics, _state[0], _state[1], action[0]);
        _step++;
        Observe();
        return new StepResult<MultimodalObservation>(_observation, reward, false, false, new StepInfo(_state, _step));
    }

    /// <summary>Raw (unscaled) sound of a state: per receiver (Hz, 1/d^2). For statistics and sonification.</summary>
    public void RawSound(double theta, double thetaDot, Span<float> frame) =>
        _settings.Sound.Compute(theta, thetaDot, _settings.Physics.Length, frame);

    private void Observe()
    {
        double theta = _state[0], thetaDot = _state[1];
        PendulumImage.Render(theta, _settings.Physics.Length, _observation.Bytes(Image));
        _settings.Sound.Compute(theta, thetaDot, _settings.Physics.Length, _observation.Floats(Sound), SoundNormalization);
        _observation.Mask = PresenceMask.All(2);
    }
}
