namespace GmcRL.Envs;

/// <summary>The integers 0 .. N-1 (Gymnasium's Discrete). Used for discrete actions.</summary>
public sealed class Discrete : ISpace<int>
{
    /// <summary>A space of <paramref name="n"/> values; n must be positive.</summary>
    public Discrete(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "Discrete needs at least one value.");
        N = n;
    }

    /// <summary>Number of values.</summary>
    public int N { get; }

    /// <inheritdoc/>
    public bool Contains(int value) => value >= 0 && value < N;

    /// <inheritdoc/>
    public int Sample(Random rng) => rng.Next(N);

    /// <summary>Throws <see cref="InvalidActionException"/> unless <paramref name="action"/> is in 0 .. N-1.</summary>
    public void CheckAction(int action, string env)
    {
        if (!Contains(action))
            throw new InvalidActionException($"{env}: action {action} is outside the discrete action space; pass an integer in [0, {N - 1}].");
    }

    /// <inheritdoc/>
    public override string ToString() => $"Discrete({N})";
}
