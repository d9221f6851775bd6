namespace GmcRL.Envs;

/// <summary>An action that does not fit the action space: wrong length, NaN or infinite values, out-of-range index.</summary>
public sealed class InvalidActionException(string message) : ArgumentException(message);
