using static TorchSharp.torch;
using GmcRL.Representation;

namespace GmcRL.Agents;

/// <summary>
/// Maps a continuous action space onto the unit box a tanh policy works in: a = mid + half * u, u = (a - mid) / half,
/// with mid = (high + low) / 2 and half = (high - low) / 2. Owns its two constant tensors.
/// </summary>
internal sealed class ActionScale : IDisposable
{
    private readonly float[] _mid;
    private readonly float[] _half;
    private readonly Tensor _midTensor;
    private readonly Tensor _halfTensor;

    public ActionScale(ActionSpec spec)
    {
        if (spec.Kind != ActionKind.Continuous) throw new ArgumentException($"ActionScale needs a continuous action space (got {spec}).");
        int n = spec.Width;
        _mid = new float[n];
        _half = new float[n];
        for (int i = 0; i < n; i++)
        {
            _mid[i] = (spec.High[i] + spec.Low[i]) / 2;
            _half[i] = (spec.High[i] - spec.Low[i]) / 2;
        }
        _midTensor = tensor(_mid, [1, n]).DetachFromDisposeScope();
        _halfTensor = tensor(_half, [1, n]).DetachFromDisposeScope();
    }

    /// <summary>Unit-box rows (batch x width) to the environment's units, in place, clipping u to [-1, 1] first.</summary>
    public void ToEnvironment(Span<float> actions)
    {
        int n = _mid.Length;
        for (int i = 0; i < actions.Length; i++)
        {
            float u = Math.Clamp(actions[i], -1f, 1f);
            actions[i] = _mid[i % n] + _half[i % n] * u;
        }
    }

    /// <summary>Environment-unit actions (batch x width) to the unit box.</summary>
    public Tensor ToUnit(Tensor actions) => actions.add(_midTensor, Scalars.MinusOne).div(_halfTensor);

    public void Dispose()
    {
        _midTensor.Dispose();
        _halfTensor.Dispose();
    }
}
