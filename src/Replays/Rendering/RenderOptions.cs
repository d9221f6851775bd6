namespace GmcRL.Replays.Rendering;

/// <summary>How <see cref="ReplayRenderer.Render"/> writes a replay's video, sound and viewer.</summary>
public sealed record RenderOptions
{
    /// <summary>Also write an MP4 when ffmpeg is installed.</summary>
    public bool Mp4 { get; init; } = true;

    /// <summary>The ffmpeg program; null looks for <c>ffmpeg</c> on the PATH.</summary>
    public string? Ffmpeg { get; init; }
}
