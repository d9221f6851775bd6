using System.Globalization;
using GmcRL.Envs;

namespace GmcRL.Replays.Rendering;

/// <summary>
/// Draws one step of a replay as a palette-indexed picture of <see cref="Width"/> x <see cref="Height"/> pixels: the
/// image modality as the agent saw it (3x), the three receivers' frequency and amplitude as bars, each panel struck
/// through while its modality was missing, and the action, reward and return so far. Scales (frequency range,
/// largest action and reward) are fixed per replay, so bars compare across steps.
/// </summary>
public sealed class ReplayPicture
{
    /// <summary>Picture size in pixels.</summary>
    public const int Width = 400, Height = 268;

    /// <summary>Palette indices.</summary>
    public const byte Background = 0, Panel = 1, Lit = 2, Label = 3, Strike = 4, ActionColor = 8, RewardColor = 9, MissingPanel = 10, Axis = 11;

    private const int Top = 28, PanelSide = 180, ImageLeft = 8, SoundLeft = 204, SoundWidth = 188, BarBase = Top + 140, BarHeight = 124;

    private static readonly byte[] PaletteRgb =
    [
        0x1E, 0x1E, 0x24, 0x2B, 0x2B, 0x33, 0xF0, 0xF0, 0xF0, 0x9A, 0x9A, 0xA6, 0xE0, 0x48, 0x48,
        0x4F, 0xA3, 0xF7, 0xF7, 0xB2, 0x4F, 0x6A, 0xD0, 0x7A, 0xC5, 0x8A, 0xF9, 0xF0, 0xD0, 0x50,
        0x3A, 0x2A, 0x2E, 0x44, 0x44, 0x4F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    ];

    private readonly Replay _replay;
    private readonly int _image, _sound;
    private readonly double _frequencyLow, _frequencyHigh, _amplitudeHigh, _actionScale, _rewardLow, _rewardHigh;
    private readonly double[] _returns;
    private readonly string[] _receiverLabels;

    /// <summary>The RGB palette (16 entries).</summary>
    public static ReadOnlySpan<byte> Palette => PaletteRgb;

    /// <summary>Prepares the scales of <paramref name="replay"/>.</summary>
    public ReplayPicture(Replay replay)
    {
        _replay = replay;
        var modalities = replay.Header.Modalities;
        _image = Find(modalities, m => m.Name == "image" && m.ElementType == ElementType.UInt8 && m.Shape.Count == 2);
        _sound = Find(modalities, m => m.Name == Sonification.SoundModality);
        _receiverLabels = (replay.Header.Sound?.Receivers ?? []).Select(r => Initials(r.Name)).ToArray();

        double fLow = double.PositiveInfinity, fHigh = double.NegativeInfinity;
        for (int t = 0; t < replay.Count; t++)
        {
            var raw = replay.RawSound(t);
            for (int i = 0; i < raw.Length; i += 2) { fLow = Math.Min(fLow, raw[i]); fHigh = Math.Max(fHigh, raw[i]); }
        }
        double f0 = replay.Header.Sound?.EmittedFrequency ?? 440;
        _frequencyLow = Math.Min(fLow, 0.9 * f0);
        _frequencyHigh = Math.Max(fHigh, 1.1 * f0);
        var sound = replay.Header.Sound;
        _amplitudeHigh = sound is null ? 1 : sound.Receivers.Max(r => 1 / ((r.DistanceFromAxle - sound.RodLength) * (r.DistanceFromAxle - sound.RodLength)));
        _actionScale = 1e-9;
        _rewardLow = 0;
        _rewardHigh = 0;
        _returns = new double[replay.Count];
        double sum = 0;
        for (int t = 0; t < replay.Count; t++)
        {
            foreach (float a in replay.Action(t)) _actionScale = Math.Max(_actionScale, Math.Abs(a));
            double r = replay.Reward(t);
            _rewardLow = Math.Min(_rewardLow, r);
            _rewardHigh = Math.Max(_rewardHigh, r);
            _returns[t] = sum += r;
        }
        if (_rewardHigh - _rewardLow < 1e-9) _rewardLow = _rewardHigh - 1;
    }

    /// <summary>Draws step <paramref name="step"/> into <paramref name="canvas"/> (Width x Height palette indices).</summary>
    public void Draw(int step, Span<byte> canvas)
    {
        if (canvas.Length != Width * Height) throw new ArgumentException($"The canvas needs {Width * Height} pixels.", nameof(canvas));
        canvas.Fill(Background);
        var h = _replay.Header;
        var mask = _replay.Mask(step);
        Text(canvas, 8, 6, $"STEP {step + 1}/{_replay.Count}  T {F(step * h.Dt, "0.00")} S  {h.Condition}", Lit);

        // The image as the agent saw it.
        Text(canvas, ImageLeft, Top - 10, "IMAGE", Label);
        Fill(canvas, ImageLeft, Top, PanelSide, PanelSide, Panel);
        if (_image >= 0 && mask.Has(_image)) DrawImage(canvas, _replay.Bytes(step, _image), _replay.Header.Modalities[_image]);
        else StrikeThrough(canvas, ImageLeft, Top, PanelSide, PanelSide, _image >= 0 ? "IMAGE MISSING" : "NO IMAGE");

        // The sound: per receiver, its frequency and its amplitude.
        Text(canvas, SoundLeft, Top - 10, "SOUND: HZ AND AMPLITUDE", Label);
        Fill(canvas, SoundLeft, Top, SoundWidth, PanelSide, Panel);
        if (_replay.Receivers == 0) StrikeThrough(canvas, SoundLeft, Top, SoundWidth, PanelSide, "NO SOUND DATA");
        else if (_sound >= 0 && !mask.Has(_sound)) StrikeThrough(canvas, SoundLeft, Top, SoundWidth, PanelSide, "SOUND MISSING");
        else DrawSound(canvas, _replay.RawSound(step));

        // Action, reward and return.
        int y = Top + PanelSide + 10;
        var action = _replay.Action(step);
        double a = action.Length > 0 ? action[0] : 0;
        Text(canvas, 8, y, $"ACTION {F(a, "+0.00;-0.00")}", Lit);
        CentredBar(canvas, 120, y, 272, a / _actionScale, ActionColor);
        double r = _replay.Reward(step);
        Text(canvas, 8, y + 16, $"REWARD {F(r, "0.00")}", Lit);
        Bar(canvas, 120, y + 16, 272, (r - _rewardLow) / (_rewardHigh - _rewardLow), RewardColor);
        Text(canvas, 8, y + 32, $"RETURN {F(_returns[step], "0.0")}   SEED {h.Seed}   {h.Agent}", Label);
    }

    private void DrawImage(Span<byte> canvas, ReadOnlySpan<byte> frame, ModalitySpec spec)
    {
        int rows = spec.Shape[0], cols = spec.Shape[1];
        int scale = Math.Max(1, PanelSide / Math.Max(rows, cols));
        int shownRows = Math.Min(rows, PanelSide / scale), shownCols = Math.Min(cols, PanelSide / scale);
        int left = ImageLeft + (PanelSide - shownCols * scale) / 2, top = Top + (PanelSide - shownRows * scale) / 2;
        double threshold = (spec.Low + spec.High) / 2;
        for (int r = 0; r < shownRows; r++)
            for (int c = 0; c < shownCols; c++)
                if (frame[r * cols + c] > threshold) Fill(canvas, left + c * scale, top + r * scale, scale, scale, Lit);
    }

    private void DrawSound(Span<byte> canvas, ReadOnlySpan<float> raw)
    {
        int receivers = raw.Length / 2;
        int column = SoundWidth / receivers;
        Fill(canvas, SoundLeft + 4, BarBase, SoundWidth - 8, 1, Axis);
        for (int i = 0; i < receivers; i++)
        {
            byte color = (byte)(5 + i % 3);
            int x = SoundLeft + i * column + (column - 40) / 2;
            double f = (raw[2 * i] - _frequencyLow) / (_frequencyHigh - _frequencyLow);
            double amp = raw[2 * i + 1] / _amplitudeHigh;
            int fh = (int)Math.Round(Math.Clamp(f, 0, 1) * BarHeight), ah = (int)Math.Round(Math.Clamp(amp, 0, 1) * BarHeight);
            Fill(canvas, x, BarBase - fh, 18, fh, color);
            Fill(canvas, x + 22, BarBase - ah, 18, ah, color);
            Text(canvas, x, BarBase + 6, F(raw[2 * i], "0"), Lit);
            Text(canvas, x, BarBase + 16, F(raw[2 * i + 1], "0.000"), Label);
            Text(canvas, x, BarBase + 26, i < _receiverLabels.Length ? _receiverLabels[i] : $"R{i + 1}", color);
        }
    }

    // A dark panel crossed by two red diagonals, with the reason in its middle.
    private static void StrikeThrough(Span<byte> canvas, int left, int top, int width, int height, string reason)
    {
        Fill(canvas, left, top, width, height, MissingPanel);
        int steps = Math.Max(width, height);
        for (int k = 0; k < steps; k++)
        {
            int x = left + k * (width - 1) / (steps - 1), y1 = top + k * (height - 1) / (steps - 1), y2 = top + height - 1 - k * (height - 1) / (steps - 1);
            Fill(canvas, x - 1, y1 - 1, 3, 3, Strike, left, top, width, height);
            Fill(canvas, x - 1, y2 - 1, 3, 3, Strike, left, top, width, height);
        }
        int textWidth = PixelFont.Measure(reason);
        Fill(canvas, left + (width - textWidth) / 2 - 3, top + height / 2 - 6, textWidth + 6, 13, MissingPanel);
        Text(canvas, left + (width - textWidth) / 2, top + height / 2 - 3, reason, Lit);
    }

    private static void CentredBar(Span<byte> canvas, int left, int y, int width, double value, byte color)
    {
        Fill(canvas, left, y, width, 7, Panel);
        Fill(canvas, left + width / 2, y - 1, 1, 9, Axis);
        int length = (int)Math.Round(Math.Clamp(value, -1, 1) * width / 2);
        if (length >= 0) Fill(canvas, left + width / 2, y, length, 7, color);
        else Fill(canvas, left + width / 2 + length, y, -length, 7, color);
    }

    private static void Bar(Span<byte> canvas, int left, int y, int width, double fraction, byte color)
    {
        Fill(canvas, left, y, width, 7, Panel);
        Fill(canvas, left, y, (int)Math.Round(Math.Clamp(fraction, 0, 1) * width), 7, color);
    }

    private static void Fill(Span<byte> canvas, int x, int y, int width, int height, byte color) =>
        Fill(canvas, x, y, width, height, color, 0, 0, Width, Height);

    // Fills the rectangle clipped to the given clip rectangle (and so to the canvas).
    private static void Fill(Span<byte> canvas, int x, int y, int width, int height, byte color, int clipX, int clipY, int clipWidth, int clipHeight)
    {
        int x0 = Math.Max(x, clipX), y0 = Math.Max(y, clipY);
        int x1 = Math.Min(x + width, clipX + clipWidth), y1 = Math.Min(y + height, clipY + clipHeight);
        if (x1 <= x0) return;
        for (int row = y0; row < y1; row++) canvas.Slice(row * Width + x0, x1 - x0).Fill(color);
    }

    private static void Text(Span<byte> canvas, int x, int y, string text, byte color) => PixelFont.Draw(canvas, Width, x, y, text, color);

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static int Find(IReadOnlyList<ModalitySpec> modalities, Func<ModalitySpec, bool> match)
    {
        for (int m = 0; m < modalities.Count; m++) if (match(modalities[m])) return m;
        return -1;
    }

    // "left_bottom" -> "LB": short labels under each receiver's bars.
    private static string Initials(string name)
    {
        var parts = name.Split(['_', ' ', '-'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? "?" : string.Concat(parts.Select(p => char.ToUpperInvariant(p[0])));
    }
}
