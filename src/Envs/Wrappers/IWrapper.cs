namespace GmcRL.Envs.Wrappers;

/// <summary>An environment that wraps another (Gymnasium's <c>Wrapper.env</c>): what lies inside can be reached
/// through <see cref="Inner"/>, such as a game's <see cref="IEpisodeOutcome"/> under a time limit and dropout.</summary>
public interface IWrapper
{
    /// <summary>The wrapped environment.</summary>
    object Inner { get; }
}

/// <summary>Looks through wrappers.</summary>
public static class WrapperChain
{
    /// <summary>The first environment of the chain <paramref name="environment"/>, its inner one, ... that is a
    /// <typeparamref name="T"/>, or null.</summary>
    public static T? Find<T>(object environment) where T : class
    {
        for (object? e = environment; e is not null; e = (e as IWrapper)?.Inner)
            if (e is T found) return found;
        return null;
    }
}
