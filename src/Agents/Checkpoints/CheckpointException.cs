namespace GmcRL.Agents.Checkpoints;

/// <summary>A checkpoint that cannot be loaded: not a checkpoint, damaged, or made for something else. The message
/// names the file and what differs.</summary>
public sealed class CheckpointException(string message, Exception? inner = null) : Exception(message, inner);
