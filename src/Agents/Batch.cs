namespace GmcRL.Agents;

/// <summary>
/// A batch of transitions as plain row-major arrays (row i of each array is transition i). Allocated once at the
/// capacity it will be sampled at and refilled by <see cref="ReplayBuffer.Sample"/>; agents turn it into tensors.
/// </summary>
public sealed class Batch
{
    /// <summary>An empty batch of <paramref name="size"/> transitions of the given widths.</summary>
    public Batch(int size, int featureSize, int actionWidth)
    {
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), size, "A batch needs at least one transition.");
        if (featureSize <= 0) throw new ArgumentOutOfRangeException(nameof(featureSize), featureSize, "Feature vectors need at least one element.");
        if (actionWidth <= 0) throw new ArgumentOutOfRangeException(nameof(actionWidth), actionWidth, "Actions need at least one element.");
        Size = size;
        FeatureSize = featureSize;
        ActionWidth = actionWidth;
        Features = new float[size * featureSize];
        Actions = new float[size * actionWidth];
        Rewards = new float[size];
        NextFeatures = new float[size * featureSize];
        Terminated = new bool[size];
        Truncated = new bool[size];
    }

    /// <summary>Number of transitions.</summary>
    public int Size { get; }

    /// <summary>Length of one feature vector.</summary>
    public int FeatureSize { get; }

    /// <summary>Floats per action (see <see cref="ActionSpec.Width"/>).</summary>
    public int ActionWidth { get; }

    /// <summary>Features of the state each action was taken in (Size x FeatureSize).</summary>
    public float[] Features { get; }

    /// <summary>The actions taken, in the environment's units (Size x ActionWidth).</summary>
    public float[] Actions { get; }

    /// <summary>The rewards received.</summary>
    public float[] Rewards { get; }

    /// <summary>Features of the state after the action (for an ended episode, its last state, not the next reset).</summary>
    public float[] NextFeatures { get; }

    /// <summary>The next state is terminal: its value is zero, so targets do not bootstrap from it.</summary>
    public bool[] Terminated { get; }

    /// <summary>The episode was cut short after this step; targets still bootstrap from the next state.</summary>
    public bool[] Truncated { get; }
}
