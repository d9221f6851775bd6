namespace GmcRL.Envs.Registry;

/// <summary>
/// The environments the pipeline can run, by id (Gymnasium's <c>register</c>/<c>make</c>). The built-in ones are
/// registered when the registry is first used; register your own before you start a run or a script.
/// </summary>
public static class EnvRegistry
{
    private static readonly object Gate = new();
    private static readonly SortedDictionary<string, EnvRegistration> Registered = new(StringComparer.Ordinal);

    static EnvRegistry()
    {
        foreach (var registration in BuiltInEnvironments.All) Register(registration);
    }

    /// <summary>The id of the environment a run uses unless it says otherwise.</summary>
    public const string DefaultId = "multimodal-pendulum-v1";

    /// <summary>Every registered environment, by id.</summary>
    public static IReadOnlyList<EnvRegistration> All
    {
        get { lock (Gate) return Registered.Values.ToList(); }
    }

    /// <summary>Adds <paramref name="registration"/>, after making one copy to check it. Throws
    /// <see cref="ArgumentException"/> naming the problem: a taken id, an id without a version, a factory that fails or
    /// makes something else than a multimodal environment with a Box or Discrete action space, invalid defaults.</summary>
    public static EnvRegistration Register(EnvRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (registration.Check() is string problem)
            throw new ArgumentException($"Cannot register environment '{registration.Id}': {problem}.");
        lock (Gate)
        {
            if (!Registered.TryAdd(registration.Id, registration))
                throw new ArgumentException($"Cannot register environment '{registration.Id}': that id is taken; give the new one another name or version.");
        }
        return registration;
    }

    /// <summary>Removes a registration (for tests that register their own); true when there was one.</summary>
    public static bool Unregister(string id)
    {
        lock (Gate) return Registered.Remove(id);
    }

    /// <summary>The registration of <paramref name="id"/>; an <see cref="ArgumentException"/> listing the registered ids
    /// when there is none.</summary>
    public static EnvRegistration Get(string id)
    {
        lock (Gate)
        {
            if (Registered.TryGetValue(id, out var r)) return r;
            throw new ArgumentException($"No environment is registered as '{id}'; registered: {string.Join(", ", Registered.Keys)}.");
        }
    }

    /// <summary>The registration of <paramref name="id"/>, or null.</summary>
    public static EnvRegistration? Find(string id)
    {
        lock (Gate) return Registered.GetValueOrDefault(id);
    }
}
