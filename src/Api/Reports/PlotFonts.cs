namespace GmcRL.Reports;

/// <summary>
/// Registers a TrueType font with ScottPlot once. ScottPlot 5 on SkiaSharp saves PNGs without any text unless a
/// font is registered explicitly, and a fresh Debian machine has none until fonts-dejavu-core is installed
/// (build/install-deps.sh does it).
/// </summary>
public static class PlotFonts
{
    private static readonly Lazy<string?> Registered = new(Register);

    /// <summary>The name the font is registered under.</summary>
    public const string FontName = "GmcRL Sans";

    /// <summary>Candidate fonts, best first.</summary>
    public static IReadOnlyList<string> Candidates { get; } =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
    ];

    /// <summary>Registers a font if none is yet; returns its path, or null when the machine has no usable font (plots
    /// are then saved without text, and <see cref="MissingFontAdvice"/> says how to fix it).</summary>
    public static string? EnsureRegistered() => Registered.Value;

    /// <summary>What to tell the user when no font is found.</summary>
    public const string MissingFontAdvice =
        "no TrueType font found, so plots have no text; install one with 'apt-get install fonts-dejavu-core' (or run build/install-deps.sh)";

    private static string? Register()
    {
        string? path = Candidates.FirstOrDefault(File.Exists)
            ?? (Directory.Exists("/usr/share/fonts")
                ? Directory.EnumerateFiles("/usr/share/fonts", "*.ttf", SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault()
                : null);
        if (path is null) return null;
        ScottPlot.Fonts.AddFontFile(FontName, path);
        ScottPlot.Fonts.Default = FontName;
        return path;
    }
}
