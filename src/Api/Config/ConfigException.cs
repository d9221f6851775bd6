namespace GmcRL.Config;

/// <summary>A configuration the user got wrong; the message names the key and the expected value.</summary>
public sealed class ConfigException(string message) : Exception(message);
