using GmcRL.Envs;
using GmcRL.Envs.Checking;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Registry;

namespace GmcRL.Tests.Envs.Registry;

public class RegistryTests
{
    // A minimal environment whose spec a test chooses: a [2] vector and Discrete(2).
    private sealed class Fixed(ObservationSpec spec) : IEnvironment<MultimodalObservation, int>
    {
        private readonly MultimodalObservation _o = new(spec);
        public ISpace<MultimodalObservation> ObservationSpace { get; } = new MultimodalSpace(spec);
        public ISpace<int> ActionSpace { get; } = new Discrete(2);
        public ResetResult<MultimodalObservation> Reset(int? seed = null) => new(_o, default);
        public StepResult<MultimodalObservation> Step(int action) => new(_o, 0, false, false, default);
    }

    private static EnvRegistration<int> Registration(string id, Func<ObservationSpec> spec) =>
        new() { Id = id, Factory = _ => new Fixed(spec()) };

    private static ObservationSpec Vector(string name) => new([new ModalitySpec(name, [2], ElementType.Float32, -1, 1)]);

    [Fact]
    public void The_pendulum_is_registered_with_what_the_pipeline_reads()
    {
        var r = EnvRegistry.Get(PendulumRegistration.Id);
        Assert.Equal(["image", "sound"], r.Modalities.Modalities.Select(m => m.Name));
        Assert.Equal([ModalityKind.Image, ModalityKind.Vector], r.Modalities.Modalities.Select(m => m.Kind));
        Assert.Equal("Box(1, [-2, 2])", r.ActionSpaceText);
        Assert.False(r.HasDiscreteActions);
        Assert.Equal((2, 300, 300), (r.FrameStack, r.EpisodeSteps, r.CollectResetEvery));
        Assert.Equal(["cos_theta", "sin_theta", "theta_dot"], r.TrueState!.FeatureNames);
        var features = new float[3];
        r.TrueState.Features([Math.PI / 2, 1.5], features);
        Assert.Equal(0, features[0], 1e-6f);
        Assert.Equal(1, features[1], 1e-6f);
        Assert.Equal(1.5f, features[2]);
        Assert.Equal(0.05, r.Replay.StepSeconds);
        Assert.Equal(["left_bottom", "right_bottom", "middle_top"], r.Replay.Sound!.Voices);
    }

    [Fact]
    public void Registered_environments_pass_the_environment_checker()
    {
        var pendulum = (EnvRegistration<float[]>)EnvRegistry.Get(PendulumRegistration.Id);
        EnvChecker.AssertValid(() => pendulum.Make(new EnvContext(1)), steps: 50);
        var beacon = (EnvRegistration<int>)Beacon.Register();
        EnvChecker.AssertValid(() => new GmcRL.Envs.Wrappers.TimeLimit<MultimodalObservation, int>(beacon.Make(new EnvContext(1)), 100), steps: 150);
    }

    [Fact]
    public void A_calibration_makes_the_environment_observe_on_its_scale()
    {
        var pendulum = (EnvRegistration<float[]>)EnvRegistry.Get(PendulumRegistration.Id);
        var raw = pendulum.Make(new EnvContext(5, pendulum.Calibration!.Raw));
        var scaled = pendulum.Make(new EnvContext(5, PendulumCalibration.Of(new SoundNormalization(300, 700, 0.05, 0.7))));
        float[] rawSound = raw.Reset(5).Observation.Floats(1).ToArray();
        float[] sound = scaled.Reset(5).Observation.Floats(1).ToArray();
        var fitted = PendulumCalibration.Of(new SoundNormalization(300, 700, 0.05, 0.7));
        pendulum.Calibration.Apply(fitted, "sound", rawSound);
        // The environment scales in double before rounding; the dataset rescales the rounded raw value.
        for (int i = 0; i < sound.Length; i++) Assert.Equal(sound[i], rawSound[i], 1e-6f);
        Assert.InRange(rawSound[0], 0, 1);
    }

    [Fact]
    public void A_taken_id_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => EnvRegistry.Register(Registration(PendulumRegistration.Id, () => Vector("v"))));
        Assert.Contains("multimodal-pendulum-v1", e.Message);
        Assert.Contains("taken", e.Message);
    }

    [Theory]
    [InlineData("Pendulum", "lower-case name with a version")]
    [InlineData("no-version", "lower-case name with a version")]
    public void An_id_without_a_version_is_refused(string id, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => EnvRegistry.Register(Registration(id, () => Vector("v"))));
        Assert.Contains(expected, e.Message);
        Assert.Null(EnvRegistry.Find(id));
    }

    [Fact]
    public void A_modality_without_a_name_is_refused_with_the_environment_named()
    {
        var e = Assert.Throws<ArgumentException>(() => EnvRegistry.Register(Registration("unnamed-modality-v1", () => Vector(""))));
        Assert.Contains("unnamed-modality-v1", e.Message);
        Assert.Contains("A modality needs a name", e.Message);
        Assert.Null(EnvRegistry.Find("unnamed-modality-v1"));
    }

    [Fact]
    public void An_unknown_modality_kind_is_refused_with_the_kinds_listed()
    {
        var e = Assert.Throws<ArgumentException>(() => EnvRegistry.Register(Registration("odd-kind-v1",
            () => new ObservationSpec([new ModalitySpec("v", [2], ElementType.Float32, -1, 1, (ModalityKind)7)]))));
        Assert.Contains("odd-kind-v1", e.Message);
        Assert.Contains("unknown kind 7", e.Message);
        Assert.Contains("Vector, Image, Signal", e.Message);
    }

    [Fact]
    public void Bad_defaults_and_a_tone_without_its_modality_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => EnvRegistry.Register(Registration("zero-stack-v1", () => Vector("v")) with { FrameStack = 0 }));
        Assert.Contains("FrameStack must be at least 1", e.Message);
        var tones = new ReplayTones("sound", ["a"], 440, 1, 1, (_, _) => { });
        e = Assert.Throws<ArgumentException>(() => EnvRegistry.Register(Registration("lost-tone-v1", () => Vector("v"))
            with { TrueState = TrueState.Identity(["x"]), Replay = new ReplayStyle(0.1, tones) }));
        Assert.Contains("modality 'sound', which the environment does not have (v)", e.Message);
    }

    [Fact]
    public void An_unknown_id_lists_the_registered_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => EnvRegistry.Get("nope"));
        Assert.Contains("'nope'", e.Message);
        Assert.Contains(PendulumRegistration.Id, e.Message);
    }
}
