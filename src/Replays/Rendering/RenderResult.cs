namespace GmcRL.Replays.Rendering;

/// <summary>What <see cref="ReplayRenderer.Render"/> wrote.</summary>
/// <param name="Gif">The animated GIF.</param>
/// <param name="Wav">The sonified voices; null when the replay has no voices.</param>
/// <param name="Html">The self-contained viewer.</param>
/// <param name="Mp4">The MP4 video (with the sound), or null when it was not made (see <paramref name="Mp4Note"/>).</param>
/// <param name="Mp4Note">Why no MP4 was made; null when one was.</param>
public sealed record RenderResult(string Gif, string? Wav, string Html, string? Mp4, string? Mp4Note);
