using GmcRL.Representation.Gmc;
using GmcRL.Representation.Training;
using static TorchSharp.torch;

namespace GmcRL.Tests.Representation;

public class InputStandardizationTests
{
    private static GmcTrainingOptions Standardizing => Tiny.Training() with { Model = Tiny.Model with { StandardizeVectors = true } };

    private static Dictionary<string, float[]> Buffers(nn.Module model) =>
        model.named_buffers().ToDictionary(b => b.name, b => b.buffer.data<float>().ToArray());

    [Fact]
    public void Pretraining_fits_both_sound_trunks_to_the_training_split()
    {
        var data = Tiny.Small;
        using var trainer = GmcTrainer.Create(data, Standardizing);
        var buffers = Buffers(trainer.Model);
        // The sound encoder's trunk and the joint encoder's sound trunk; the image trunks have none.
        Assert.Equal(2, buffers.Keys.Count(k => k.EndsWith(".input_shift", StringComparison.Ordinal)));
        Assert.Equal(4, buffers.Count);

        int length = data.Spec.Modalities[1].Length, n = trainer.TrainCount;
        var sound = data.ObservationFloats(1);
        for (int j = 0; j < length; j++)
        {
            double mean = 0, squares = 0;
            for (int i = 0; i < n; i++) mean += sound[i * length + j];
            mean /= n;
            for (int i = 0; i < n; i++) squares += Math.Pow(sound[i * length + j] - mean, 2);
            double std = Math.Sqrt(squares / n);
            foreach (var (name, values) in buffers)
            {
                if (name.EndsWith(".input_shift", StringComparison.Ordinal)) Assert.Equal(mean, values[j], 5);
                else Assert.Equal(1 / std, values[j], 1e-3 / std);
            }
        }
    }

    [Fact]
    public void Without_the_option_the_trunks_see_their_input_unchanged()
    {
        using var trainer = GmcTrainer.Create(Tiny.Small, Tiny.Training());
        foreach (var (name, values) in Buffers(trainer.Model))
            Assert.All(values, v => Assert.Equal(name.EndsWith(".input_shift", StringComparison.Ordinal) ? 0f : 1f, v));
    }

    [Fact]
    public void A_standardised_trunk_encodes_as_an_unstandardised_one_fed_the_standardised_input()
    {
        var data = Tiny.Small;
        using var standardized = new GmcModel(data.Spec, Tiny.Model with { StandardizeVectors = true }, seed: 5);
        using var plain = new GmcModel(data.Spec, Tiny.Model, seed: 5);
        InputStandardization.Fit(standardized, data, data.Count);
        var (shift, scale) = InputStandardization.Statistics(data.ObservationColumn(1), data.Count);

        int length = data.Spec.Modalities[1].Length;
        var raw = data.ObservationFloats(1)[..(8 * length)].ToArray();
        var manual = raw.Select((v, i) => (v - shift[i % length]) * scale[i % length]).ToArray();
        using var noGrad = no_grad();
        using var x = tensor(raw, [8, .. data.Spec.Modalities[1].Shape.Select(d => (long)d)]);
        using var y = tensor(manual, x.shape);
        using var expected = plain.Single(1, y);
        using var actual = standardized.Single(1, x);
        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-6));
        using var unchanged = plain.Single(1, x);
        Assert.False(actual.allclose(unchanged, rtol: 1e-3, atol: 1e-3));
    }

    [Fact]
    public void The_standardisation_travels_in_the_checkpoint_and_is_not_a_parameter()
    {
        using var folder = new TestFolder();
        using var trainer = GmcTrainer.Create(Tiny.Small, Standardizing, folder.Path);
        trainer.RunEpoch(null);
        var loaded = GmcCheckpoint.Load(folder.File(GmcTrainer.LastCheckpointName));
        Assert.True(loaded.Model.StandardizeVectors);
        using var model = loaded.CreateModel();
        Assert.Equal(Buffers(trainer.Model), Buffers(model));
        Assert.Equal(trainer.Model.ParameterCount, loaded.ParameterCount);
        using var pendulum = new GmcModel(Tiny.Small.Spec, GmcModelOptions.Reference with { StandardizeVectors = true }, seed: 0);
        Assert.Equal(1_933_386, pendulum.ParameterCount);
    }
}
