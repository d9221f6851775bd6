namespace GmcRL.Envs;

/// <summary>A set of values (Gymnasium's Space): membership and seeded sampling.</summary>
public interface ISpace<T>
{
    /// <summary>True when <paramref name="value"/> lies in the space.</summary>
    bool Contains(T value);

    /// <summary>A value drawn uniformly from the space (bounded spaces only).</summary>
    T Sample(Random rng);
}
