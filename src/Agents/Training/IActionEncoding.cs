namespace GmcRL.Agents.Training;

/// <summary>Converts between an environment's action type and the float rows agents and replay buffers use.</summary>
public interface IActionEncoding<TAction>
{
    /// <summary>The action space as agents see it.</summary>
    ActionSpec Spec { get; }

    /// <summary>Writes <paramref name="action"/> as a row of <see cref="ActionSpec.Width"/> floats.</summary>
    void Encode(TAction action, Span<float> row);

    /// <summary>The environment action for <paramref name="row"/>. The result may be a buffer owned by this encoding
    /// for <paramref name="slot"/> (environment copy), valid until the next call for that slot.</summary>
    TAction Decode(ReadOnlySpan<float> row, int slot);
}
