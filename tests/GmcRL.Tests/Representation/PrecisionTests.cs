using GmcRL.Config;
using GmcRL.Representation.Baselines;
using GmcRL.Representation.Gmc;
using GmcRL.Representation.Training;
using GmcRL.Runs;

namespace GmcRL.Tests.Representation;

/// <summary>Pretraining with the image convolutions in bfloat16: the same model and checkpoints, float32 weights, a
/// loss close to float32's, and the frozen encoder in float32.</summary>
public class PrecisionTests
{
    [Fact]
    public void Bfloat16_training_keeps_float32_weights_and_learns_close_to_float32()
    {
        var data = Tiny.Small;
        using var single = GmcTrainer.Create(data, Tiny.Training(epochs: 1));
        using var reduced = GmcTrainer.Create(data, Tiny.Training(epochs: 1) with { Precision = ComputePrecision.BFloat16 });
        long[] batch = Enumerable.Range(0, 64).Select(i => (long)i).ToArray();
        double a = 0, b = 0;
        for (int i = 0; i < 5; i++)
        {
            a = single.Step(batch);
            b = reduced.Step(batch);
        }
        Assert.True(double.IsFinite(b));
        Assert.NotEqual(a, b);                                   // bfloat16 really computed something else
        Assert.InRange(Math.Abs(a - b) / Math.Abs(a), 0, 0.02);  // ... and close to float32
        Assert.All(reduced.Model.parameters(), p => Assert.Equal(TorchSharp.torch.ScalarType.Float32, p.dtype));

        // The checkpoint is an ordinary float32 one; its frozen encoder computes in float32.
        var checkpoint = reduced.Checkpoint();
        using var encoder = new GmcEncoder(checkpoint);
        var features = new float[2 * encoder.FeatureSize];
        encoder.Encode(Tiny.Observations(data, 2), features);
        Assert.All(features, f => Assert.True(float.IsFinite(f)));
        Tiny.AssertTrainingKeepsTensorCount(reduced);
    }

    [Fact]
    public void The_baselines_train_in_bfloat16_too_and_a_bad_value_is_refused()
    {
        using var trainer = BaselineTrainer.Create(Tiny.Small, Tiny.Baseline(BaselineKind.FusionAutoencoder, epochs: 1) with { Precision = ComputePrecision.BFloat16 });
        Assert.True(double.IsFinite(trainer.Step(Enumerable.Range(0, 64).Select(i => (long)i).ToArray())));
        Assert.Contains("unknown precision", Assert.Throws<ArgumentException>(() => (Tiny.Training() with { Precision = (ComputePrecision)7 }).Validated()).Message);
    }

    [Fact]
    public void Auto_follows_the_processor_and_a_new_run_records_what_it_chose()
    {
        bool flag = File.Exists("/proc/cpuinfo") && File.ReadLines("/proc/cpuinfo").Any(l => l.StartsWith("flags", StringComparison.Ordinal)
            && l.Split(' ').Any(f => f is "avx512_bf16" or "amx_bf16"));
        Assert.Equal(flag, ComputePrecisions.ProcessorHasBFloat16);
        Assert.Equal(flag ? ComputePrecision.BFloat16 : ComputePrecision.Float32, ComputePrecisions.Auto);

        using var folder = new TestFolder("precision-run");
        var config = ConfigLoader.Load(null, null, [new("gmc.precision", "auto")]);
        Assert.Equal(Precision.Auto, config.Gmc.Precision);
        var run = RunFolder.CreateAt(Path.Combine(folder.Path, "run"), config);
        var recorded = flag ? Precision.Bfloat16 : Precision.Float32;
        Assert.Equal(recorded, run.Config.Gmc.Precision);
        Assert.Equal(recorded, RunFolder.Open(run.Path).Config.Gmc.Precision);
        Assert.Contains("'gmc.precision'", Assert.ThrowsAny<Exception>(() => ConfigLoader.Load(null, null, [new("gmc.precision", "half")])).Message);
    }
}
