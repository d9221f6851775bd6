using GmcRL.Envs;

namespace GmcRL.Agents.Training;

/// <summary>Discrete actions: an index travels as one float.</summary>
public sealed class DiscreteActionEncoding : IActionEncoding<int>
{
    /// <summary>The encoding of actions in <paramref name="space"/>.</summary>
    public DiscreteActionEncoding(Discrete space) => Spec = ActionSpec.Discrete(space);

    /// <inheritdoc/>
    public ActionSpec Spec { get; }

    /// <inheritdoc/>
    public void Encode(int action, Span<float> row) => row[0] = action;

    /// <inheritdoc/>
    public int Decode(ReadOnlySpan<float> row, int slot) => (int)row[0];
}
