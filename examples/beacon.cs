#:project ../src/Cli/GmcRL.Cli.csproj
#:property PublishAot=false

// A custom environment end to end: registers the beacon environment below (three modalities of three kinds, discrete
// actions), then collects, pretrains GMC, trains DQN on it and evaluates every subset of its senses.
//   dotnet run examples/beacon.cs                                    # end to end from code: about 2 minutes
//   dotnet run examples/beacon.cs -- --quick                         # small
//   dotnet run examples/beacon.cs -- run --env.name beacon-v1        # or hand the command line to gmcrl
using GmcRL;
using GmcRL.Agents;
using GmcRL.Envs;
using GmcRL.Envs.Registry;
using GmcRL.Representation.Training;

Beacon.Register();
if (args.Length > 0 && args[0] != "--quick") return GmcRL.Cli.Program.Main(args);
bool quick = args.Contains("--quick");

var env = Env.Make(Beacon.Id);
var dataset = env.Collect(samples: quick ? 600 : 4_000, seed: 0);
using var pretraining = Pretraining.Gmc(dataset, new GmcTrainingOptions { Epochs = quick ? 2 : 15 });
pretraining.Run(Console.Out);
Console.WriteLine(pretraining.Describe());
using var encoder = pretraining.Freeze();

// DQN, as the action space is discrete; learning stops early once greedy play keeps the cursor near the beacon.
using var agent = Agent.Create(env, encoder, new AgentSettings { Steps = quick ? 1_000 : 20_000 }, seed: 0);
agent.Learn(options: new LearnOptions { EvalEvery = quick ? 500 : 2_000, Progress = Console.Out, Callbacks = [new StopOnReturn(-5)] });

// All seven subsets of image, dial and hum, dropouts and blackouts, on the same episodes.
var report = agent.Evaluate(options: new EvaluateOptions { Episodes = quick ? 2 : 20, Progress = Console.Out });
Console.WriteLine();
Console.Write(report.Table());
return 0;

/// <summary>
/// A small environment with three modalities of three kinds and discrete actions, registered from the tests (and shown
/// whole in docs/environments.md): steer a cursor to a drifting beacon.
/// </summary>
/// <remarks>
/// <para><b>Action space.</b> <c>Discrete(3)</c>: move the cursor left, stay, move right (by 0.1).</para>
/// <para><b>Observation.</b> <c>image</c>: [16, 16] bits, the beacon's column lit in the top half and the cursor's in the
/// bottom half. <c>dial</c>: [2] floats, the beacon's offset from the cursor (with noise) and the cursor's position.
/// <c>hum</c>: [1, 64] floats, a noisy tone whose frequency rises with the beacon's offset.</para>
/// <para><b>Reward.</b> -|beacon - cursor|, in [-2, 0]. <b>Start state.</b> beacon and cursor uniform in [-1, 1].
/// <b>Episode end.</b> Never terminates; the registration's 100 steps truncate it.</para>
/// </remarks>
public sealed class Beacon : IEnvironment<MultimodalObservation, int>
{
    public const string Id = "beacon-v1";
    private const int Side = 16, Samples = 64;
    private readonly MultimodalSpace _space = new(new ObservationSpec(
    [
        new ModalitySpec("image", [Side, Side], ElementType.UInt8, 0, 1, ModalityKind.Image),
        new ModalitySpec("dial", [2], ElementType.Float32, -3, 3, ModalityKind.Vector),
        new ModalitySpec("hum", [1, Samples], ElementType.Float32, -2, 2, ModalityKind.Signal),
    ]));
    private readonly Discrete _actions = new(3);
    private readonly MultimodalObservation _observation;
    private readonly double[] _state = new double[2]; // beacon, cursor
    private Random _rng;
    private int _steps = -1;

    public Beacon(int seed = 0)
    {
        _rng = new Random(seed);
        _observation = new MultimodalObservation(_space.Spec);
    }

    /// <summary>Registers the environment (once per process); returns its registration.</summary>
    public static EnvRegistration Register() => Registration.Value;

    private static readonly Lazy<EnvRegistration> Registration = new(() => EnvRegistry.Register(new EnvRegistration<int>
    {
        Id = Id,
        Description = "steer a cursor to a drifting beacon seen in an image, read on a dial and heard as a noisy hum",
        Factory = context => new Beacon(context.Seed),
        FrameStack = 2,
        EpisodeSteps = 100,
        CollectResetEvery = 50,
        TrueState = TrueState.Identity(["beacon", "cursor"]),
        Replay = new ReplayStyle(StepSeconds: 0.1),
    }));

    public ISpace<MultimodalObservation> ObservationSpace => _space;

    public ISpace<int> ActionSpace => _actions;

    public ResetResult<MultimodalObservation> Reset(int? seed = null)
    {
        if (seed is int s) _rng = new Random(s);
        _state[0] = 2 * _rng.NextDouble() - 1;
        _state[1] = 2 * _rng.NextDouble() - 1;
        _steps = 0;
        return new ResetResult<MultimodalObservation>(Observe(), new StepInfo(_state, 0));
    }

    public StepResult<MultimodalObservation> Step(int action)
    {
        if (_steps < 0) throw new ResetNeededException("Beacon: call Reset before Step.");
        _actions.CheckAction(action, "Beacon");
        _state[0] = Math.Clamp(_state[0] + 0.05 * (2 * _rng.NextDouble() - 1), -1, 1);
        _state[1] = Math.Clamp(_state[1] + 0.1 * (action - 1), -1, 1);
        _steps++;
        double reward = -Math.Abs(_state[0] - _state[1]);
        return new StepResult<MultimodalObservation>(Observe(), reward, false, false, new StepInfo(_state, _steps));
    }

    private MultimodalObservation Observe()
    {
        double offset = _state[0] - _state[1];
        var image = _observation.Bytes(0);
        image.Clear();
        int beacon = Column(_state[0]), cursor = Column(_state[1]);
        for (int r = 0; r < Side; r++) image[r * Side + (r < Side / 2 ? beacon : cursor)] = 1;
        var dial = _observation.Floats(1);
        dial[0] = (float)Math.Clamp(offset + 0.05 * Noise(), -3, 3);
        dial[1] = (float)_state[1];
        var hum = _observation.Floats(2);
        double frequency = 8 + 6 * offset; // cycles per frame, 2 to 20
        for (int k = 0; k < Samples; k++)
            hum[k] = (float)Math.Clamp(Math.Sin(2 * Math.PI * frequency * k / Samples) + 0.3 * Noise(), -2, 2);
        _observation.Mask = PresenceMask.All(3);
        return _observation;
    }

    private static int Column(double x) => Math.Clamp((int)((x + 1) / 2 * Side), 0, Side - 1);

    private double Noise() => 2 * _rng.NextDouble() - 1;
}
