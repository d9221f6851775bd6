namespace GmcRL.Cli.Options;

/// <summary>A command line the user got wrong; the message says what to type instead.</summary>
public sealed class CommandLineException(string message) : Exception(message);
