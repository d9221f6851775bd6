using System.Globalization;
using GmcRL.Envs;

namespace GmcRL.Replays.Rendering;

/// <summary>
/// Draws one step of a replay as a palette-indexed picture of <see cref="Width"/> x <see cref="Height"/> pixels: the
/// first image modality (<see cref="ReplayHeader.ImageModality"/>) as the agent saw it, scaled to fit a 180-pixel
/// square by nearest neighbour (the pendulum's 60x60 at exactly 3x), each pixel lit above the middle of its bounds;
/// each voice's frequency and amplitude as bars (<see cref="ReplayHeader.Voices"/>), or for a replay without voices the
/// step's recorded signal (<see cref="SignalAudio"/>), one trace per channel; each panel struck through while its modality
/// was missing, and marked "NO IMAGE" or "NO SOUND" for a replay without one; and the action, reward and
/// return so far. Scales (frequency range, loudest amplitude, largest action and reward) are fixed per replay, so bars
/// compare across steps.
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
    private readonly int _image, _voicesModality, _signal, _signalChannels;
    private readonly double _frequencyLow, _frequencyHigh, _amplitudeHigh, _actionScale, _rewardLow, _rewardHigh, _signalSwing;
    private readonly double[] _returns;
    private readonly string[] _voiceLabels;
    private readonly string _imageName, _voicesName;

    /// <summary>The RGB palette (16 entries).</summary>
    public static ReadOnlySpan<byte> Palette => PaletteRgb;

    /// <summary>Prepares the scales of <paramref name="replay"/>.</summary>
    public ReplayPicture(Replay replay)
    {
        _replay = replay;
        var h = replay.Header;
        _image = h.ImageModality;
        _voicesModality = h.VoicesModality;
        _imageName = _image < 0 ? "IMAGE" : h.Modalities[_image].Name.ToUpperInvariant();
        _signal = SignalAudio.ModalityOf(h);
        _signalChannels = SignalAudio.Format(h)?.Channels ?? 0;
        _voicesName = h.Voices?.Modality.ToUpperInvariant() ?? (_signal >= 0 ? h.Modalities[_signal].Name.ToUpperInvariant() : "SOUND");
        _voiceLabels = (h.Voices?.Names ?? []).Select(Initials).ToArray();

        double fLow = double.PositiveInfinity, fHigh = double.NegativeInfinity;
        for (int t = 0; t < replay.Count; t++)
        {
            var tones = replay.Voices(t);
            for (int i = 0; i < tones.Length; i += 2) { fLow = Math.Min(fLow, tones[i]); fHigh = Math.Max(fHigh, tones[i]); }
        }
        // Without voices the frequency scale is never used; 1 Hz keeps it well defined.
        double f0 = h.Voices?.BaseFrequency ?? 1;
        _frequencyLow = Math.Min(fLow, 0.9 * f0);
        _frequencyHigh = Math.Max(fHigh, 1.1 * f0);
        _amplitudeHigh = h.Voices?.LoudestAmplitude ?? 1;
        _signalSwing = _signal < 0 ? 1 : Swing(replay, _signal);
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
        Text(canvas, ImageLeft, Top - 10, _imageName, Label);
        Fill(canvas, ImageLeft, Top, PanelSide, PanelSide, Panel);
        if (_image >= 0 && mask.Has(_image)) DrawImage(canvas, _replay.Bytes(step, _image), _replay.Header.Modalities[_image]);
        else StrikeThrough(canvas, ImageLeft, Top, PanelSide, PanelSide, _image >= 0 ? $"{_imageName} MISSING" : "NO IMAGE");

        // The voices (each one's frequency and amplitude), or the recorded signal (each channel's trace).
        Fill(canvas, SoundLeft, Top, SoundWidth, PanelSide, Panel);
        if (_replay.VoiceCount > 0)
        {
            Text(canvas, SoundLeft, Top - 10, $"{_voicesName}: HZ AND AMPLITUDE", Label);
            if (!mask.Has(_voicesModality)) StrikeThrough(canvas, SoundLeft, Top, SoundWidth, PanelSide, $"{_voicesName} MISSING");
            else DrawVoices(canvas, _replay.Voices(step));
        }
        else if (_signal >= 0)
        {
            Text(canvas, SoundLeft, Top - 10, $"{_voicesName}: EACH CHANNEL", Label);
            if (!mask.Has(_signal)) StrikeThrough(canvas, SoundLeft, Top, SoundWidth, PanelSide, $"{_voicesName} MISSING");
            else DrawSignal(canvas, _replay.Floats(step, _signal), _signalChannels, h.Modalities[_signal], _signalSwing);
        }
        else
        {
            Text(canvas, SoundLeft, Top - 10, _voicesName, Label);
            StrikeThrough(canvas, SoundLeft, Top, SoundWidth, PanelSide, "NO SOUND");
        }

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

    // Nearest neighbour: panel pixel (x, y) of the drawn w x h shows frame pixel (y * rows / h, x * cols / w). A frame
    // that fits is drawn at the largest whole scale (60x60 at 3x), a larger one shrunk to the panel.
    private static void DrawImage(Span<byte> canvas, ReadOnlySpan<byte> frame, ModalitySpec spec)
    {
        int rows = spec.Shape[0], cols = spec.Shape[1];
        var (width, height) = Fitted(rows, cols, PanelSide);
        int left = ImageLeft + (PanelSide - width) / 2, top = Top + (PanelSide - height) / 2;
        double threshold = (spec.Low + spec.High) / 2;
        for (int y = 0; y < height; y++)
        {
            var source = frame.Slice((int)((long)y * rows / height) * cols, cols);
            var target = canvas.Slice((top + y) * Width + left, width);
            for (int x = 0; x < width; x++)
                if (source[(int)((long)x * cols / width)] > threshold) target[x] = Lit;
        }
    }

    /// <summary>The size in pixels at which a <paramref name="rows"/> x <paramref name="cols"/> frame fills a square of
    /// <paramref name="side"/> pixels: the largest whole multiple that fits, or, for a frame larger than the square,
    /// shrunk to it (at least 1 pixel each way).</summary>
    internal static (int Width, int Height) Fitted(int rows, int cols, int side)
    {
        int longest = Math.Max(rows, cols);
        if (longest <= side) return (cols * (side / longest), rows * (side / longest));
        return (Math.Max(1, (int)((long)cols * side / longest)), Math.Max(1, (int)((long)rows * side / longest)));
    }

    private void DrawVoices(Span<byte> canvas, ReadOnlySpan<float> tones)
    {
        int voices = tones.Length / 2;
        int column = SoundWidth / voices;
        // Two bars and a 4-pixel gap per column: 18 pixels wide each, narrower when many voices share the panel.
        int bar = Math.Clamp((column - 6) / 2, 1, 18);
        bool labelled = column >= 40;
        Fill(canvas, SoundLeft + 4, BarBase, SoundWidth - 8, 1, Axis);
        for (int i = 0; i < voices; i++)
        {
            byte color = (byte)(5 + i % 3);
            int x = SoundLeft + i * column + (column - 2 * bar - 4) / 2;
            double f = (tones[2 * i] - _frequencyLow) / (_frequencyHigh - _frequencyLow);
            double amp = tones[2 * i + 1] / _amplitudeHigh;
            int fh = (int)Math.Round(Math.Clamp(f, 0, 1) * BarHeight), ah = (int)Math.Round(Math.Clamp(amp, 0, 1) * BarHeight);
            Fill(canvas, x, BarBase - fh, bar, fh, color);
            Fill(canvas, x + bar + 4, BarBase - ah, bar, ah, color);
            if (!labelled) continue;
            Text(canvas, x, BarBase + 6, F(tones[2 * i], "0"), Lit);
            Text(canvas, x, BarBase + 16, F(tones[2 * i + 1], "0.000"), Label);
            Text(canvas, x, BarBase + 26, _voiceLabels[i], color);
        }
    }

    // The largest distance of a recorded sample from the middle of the signal's range over the whole replay (at least
    // a millionth of the range): the traces' scale, fixed per replay like the bars', so that a quiet game fills the rows.
    private static double Swing(Replay replay, int modality)
    {
        var spec = replay.Header.Modalities[modality];
        double middle = (spec.Low + spec.High) / 2, swing = 1e-6 * (spec.High - spec.Low);
        for (int t = 0; t < replay.Count; t++)
        {
            if (!replay.Mask(t).Has(modality)) continue;
            foreach (float v in replay.Floats(t, modality)) swing = Math.Max(swing, Math.Abs(v - middle));
        }
        return swing;
    }

    // One row per channel: the step's samples as a trace around the middle of the signal's range, +-swing filling the
    // row, each column spanning the lowest to the highest sample of its share of the step; the channel's number at its left.
    private static void DrawSignal(Span<byte> canvas, ReadOnlySpan<float> frame, int channels, ModalitySpec spec, double swing)
    {
        int samples = frame.Length / channels;
        int row = PanelSide / channels, left = SoundLeft + 14, width = SoundWidth - 18;
        double low = (spec.Low + spec.High) / 2 - swing, range = 2 * swing;
        for (int c = 0; c < channels; c++)
        {
            byte color = (byte)(5 + c % 3);
            int top = Top + c * row + 2, height = row - 4;
            var channel = frame.Slice(c * samples, samples);
            Text(canvas, SoundLeft + 4, top + height / 2 - 3, (c + 1).ToString(CultureInfo.InvariantCulture), color);
            Fill(canvas, left, top + height / 2, width, 1, Axis);
            for (int x = 0; x < width; x++)
            {
                int from = (int)((long)x * samples / width), to = Math.Max(from + 1, (int)((long)(x + 1) * samples / width));
                float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
                foreach (float v in channel[from..to]) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
                int yHigh = top + height - 1 - (int)Math.Round(Math.Clamp((hi - low) / range, 0, 1) * (height - 1));
                int yLow = top + height - 1 - (int)Math.Round(Math.Clamp((lo - low) / range, 0, 1) * (height - 1));
                Fill(canvas, left + x, yHigh, 1, yLow - yHigh + 1, color);
            }
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

    // "left_bottom" -> "LB": short labels under each voice's bars.
    private static string Initials(string name)
    {
        var parts = name.Split(['_', ' ', '-'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? "?" : string.Concat(parts.Select(p => char.ToUpperInvariant(p[0])));
    }
}
