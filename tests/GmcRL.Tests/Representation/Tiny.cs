using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Registry;
using GmcRL.Representation;
using GmcRL.Representation.Baselines;
using GmcRL.Representation.Data;
using GmcRL.Representation.Gmc;
using GmcRL.Representation.Training;

namespace GmcRL.Tests.Representation;

/// <summary>Small models and datasets that keep the representation tests fast.</summary>
internal static class Tiny
{
    public static GmcModelOptions Model { get; } = new()
    {
        CommonDim = 16, LatentDim = 6, HeadHidden = 32, ConvChannels1 = 4, ConvChannels2 = 8, MlpHidden = [24],
    };

    public static GmcTrainingOptions Training(int epochs = 2, int seed = 3) => new()
    {
        Model = Model, Epochs = epochs, BatchSize = 64, LearningRate = 1e-3, Seed = seed, RetrievalSamples = 200,
        // One intra-op thread: test classes already run in parallel on the two cores.
        Threads = 1,
    };

    public static BaselineTrainingOptions Baseline(BaselineKind kind, int epochs = 2, int seed = 3) => new()
    {
        Kind = kind, Model = Model, Epochs = epochs, BatchSize = 64, LearningRate = 1e-3, Seed = seed, RetrievalSamples = 200,
        ReconstructionWeights = new Dictionary<string, double> { ["image"] = 1, ["sound"] = 100 }, Threads = 1,
    };

    private static readonly Lazy<MultimodalDataset> Shared = new(() => Pendulum(2_000, episodeLength: 50));

    /// <summary>A 2,000-sample pendulum dataset of 50-step episodes (so that the validation split, the last 200
    /// samples, spans several episodes), shared by read-only tests.</summary>
    public static MultimodalDataset Dataset => Shared.Value;

    private static readonly Lazy<MultimodalDataset> SharedSmall = new(() => Pendulum(300, seed: 4, episodeLength: 50));

    /// <summary>A 300-sample pendulum dataset shared by read-only tests.</summary>
    public static MultimodalDataset Small => SharedSmall.Value;

    public static MultimodalDataset Pendulum(int count, int seed = 42, int? episodeLength = 300) =>
        DatasetCollector.Collect(EnvRegistry.Get(PendulumRegistration.Id), new CollectionOptions { Count = count, Seed = seed, EpisodeLength = episodeLength });

    /// <summary>Samples 0 .. count-1 of <paramref name="data"/> as observations: the first complete, the second with the
    /// image only, the third with the sound only, the rest complete.</summary>
    public static MultimodalObservation[] Observations(MultimodalDataset data, int count)
    {
        var observations = Enumerable.Range(0, count).Select(_ => new MultimodalObservation(data.Spec)).ToArray();
        for (int i = 0; i < count; i++) data.CopyObservation(i, observations[i]);
        if (count > 1) observations[1].Drop(1);
        if (count > 2) observations[2].Drop(0);
        return observations;
    }

    /// <summary>Asserts that, after one warm-up step (Adam creates its state then), training steps, evaluation and
    /// checkpoints leave TorchSharp's live-tensor count unchanged.</summary>
    public static void AssertTrainingKeepsTensorCount<TModel, TCheckpoint>(RepresentationTrainer<TModel, TCheckpoint> trainer)
        where TModel : TorchSharp.torch.nn.Module
        where TCheckpoint : ISavedCheckpoint
    {
        var stats = TorchSharp.DisposeScopeManager.Statistics.TensorStatistics;
        long[] batch = Enumerable.Range(0, 64).Select(i => (long)i).ToArray();
        trainer.Step(batch);
        long live = stats.ThreadTotalLiveCount;
        for (int i = 0; i < 3; i++) trainer.Step(batch);
        trainer.Evaluate();
        trainer.Checkpoint();
        Assert.Equal(live, stats.ThreadTotalLiveCount);
    }

    /// <summary>Asserts that, after one warm-up call (which allocates the encoder's input tensors), encoding batches of
    /// complete and partial observations leaves TorchSharp's live-tensor count unchanged.</summary>
    public static void AssertEncodingKeepsTensorCount(IFeatureSource<MultimodalObservation> encoder, MultimodalDataset data)
    {
        var stats = TorchSharp.DisposeScopeManager.Statistics.TensorStatistics;
        var observations = Observations(data, 4);
        var features = new float[4 * encoder.FeatureSize];
        encoder.Encode(observations, features);
        long live = stats.ThreadTotalLiveCount;
        for (int i = 0; i < 5; i++) encoder.Encode(observations, features);
        encoder.Encode(observations.AsSpan(0, 1), features.AsSpan(0, encoder.FeatureSize));
        Assert.Equal(live, stats.ThreadTotalLiveCount);
    }
}
