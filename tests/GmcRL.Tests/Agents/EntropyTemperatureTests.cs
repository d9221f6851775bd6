using GmcRL.Agents.Sac;
using static TorchSharp.torch;

namespace GmcRL.Tests.Agents;

[Collection(AgentsCollection.Name)]
public sealed class EntropyTemperatureTests
{
    private static readonly double[] MeanLogProbs = [0.3, -0.2, 1.5, -2.0, 0.7, 0.1];

    [Fact]
    public void Steps_like_autograd_and_Adam_on_the_temperature_loss()
    {
        // What SAC did before: log alpha as a parameter, loss -log alpha (log pi + target), TorchSharp's Adam.
        const double targetEntropy = -1, learningRate = 0.01;
        using var logAlpha = new TorchSharp.Modules.Parameter(zeros(1));
        using var adam = optim.Adam([logAlpha], learningRate);
        using var temperature = new EntropyTemperature(1.0, targetEntropy, learningRate);
        foreach (double meanLogProb in MeanLogProbs)
        {
            adam.zero_grad();
            using (var loss = logAlpha.mul(meanLogProb + targetEntropy).neg().sum()) loss.backward();
            adam.step();
            temperature.Step(meanLogProb);
            Assert.Equal(Math.Exp(logAlpha.item<float>()), temperature.Alpha, 6);
        }
        Assert.NotEqual(1.0, temperature.Alpha);
    }

    [Fact]
    public void Saves_and_loads_exactly()
    {
        using var temperature = new EntropyTemperature(0.5, -1, 0.01);
        foreach (double m in MeanLogProbs[..3]) temperature.Step(m);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) temperature.Save(writer);
        foreach (double m in MeanLogProbs[3..]) temperature.Step(m);

        using var resumed = new EntropyTemperature(2.0, -1, 0.01);
        stream.Position = 0;
        using (var reader = new BinaryReader(stream)) resumed.Load(reader);
        foreach (double m in MeanLogProbs[3..]) resumed.Step(m);
        Assert.Equal(temperature.Alpha, resumed.Alpha);
    }
}
