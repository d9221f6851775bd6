namespace GmcRL.Replays.Rendering;

/// <summary>What <see cref="ReplayRenderer.Render"/> wrote.</summary>
/// <param name="Gif">The animated GIF.</param>
/// <param name="Wav">The sound (the voices' tones or the recorded signal); null when the replay has neither.</param>
/// <param name="Html">The self-contained viewer.</param>
/// <param name="Mp4">The MP4 video (with the sound), or null when it was not made (see <paramref name="Mp4Note"/>).</param>
/// <param name="Mp4Note">Why no MP4 was made; null when one was.</param>
/// <param name="Mp4Failed">True when the MP4 was asked for and ffmpeg is installed but did not make it (its exit code
/// and last error line are in <paramref name="Mp4Note"/>): the render is incomplete. False when the MP4 was made, not
/// asked for, or ffmpeg is not installed.</param>
public sealed record RenderResult(string Gif, string? Wav, string Html, string? Mp4, string? Mp4Note, bool Mp4Failed);
