#:project ../src/Api/GmcRL.Api.csproj
#:property PublishAot=false

// GMC + SAC on the multimodal pendulum, then the missing-modality table: the quickstart of `gmcrl run`, from code.
//   dotnet run examples/pendulum.cs              # full size, under 3 minutes: the same numbers as `gmcrl run`
//   dotnet run examples/pendulum.cs -- --quick   # a small run, to see it work
using GmcRL;
using GmcRL.Agents;
using GmcRL.Representation.Gmc;
using GmcRL.Representation.Training;

bool quick = args.Contains("--quick");
TorchSharp.torch.set_num_threads(Environment.ProcessorCount); // as gmcrl run does, for the same numbers

// 1. The environment by id, with its own defaults (2 frames per observation, 300-step episodes); collection resets
//    every 30 steps, as the quickstart's does.
var env = Env.Make("multimodal-pendulum-v1", collectResetEvery: 30, evaluationSteps: quick ? 60 : null);

// 2. Observations of random torques: the pretraining data.
var dataset = env.Collect(samples: quick ? 600 : 8_000, seed: 42);

// 3. GMC: every modality alone and both together map to one point of a 10-d latent space (the image convolutions in
//    bfloat16 where the processor computes it natively, as the quickstart does).
var gmcOptions = new GmcTrainingOptions
{
    Epochs = quick ? 2 : 15,
    Model = GmcModelOptions.Reference with { StandardizeVectors = true },
    Precision = ComputePrecisions.Auto,
};
using var pretraining = Pretraining.Gmc(dataset, gmcOptions);
pretraining.Run(Console.Out);
Console.WriteLine(pretraining.Describe());
using var encoder = pretraining.Freeze();

// 4. SAC on the frozen latent (the pendulum's torque is continuous, so SAC is the default).
var settings = new AgentSettings { Steps = quick ? 1_500 : 20_000, Hidden = [128, 128], BatchSize = 128 };
using var agent = Agent.Create(env, encoder, settings, seed: 0);
agent.Learn(options: new LearnOptions { EvalEvery = quick ? 500 : 3_000, Progress = Console.Out });

// 5. The same episodes with modalities dropped: image only, sound only, per-step dropout, blackouts.
var report = agent.Evaluate(options: new EvaluateOptions { Episodes = quick ? 2 : 20, Progress = Console.Out });
Console.WriteLine();
Console.Write(report.Table());
