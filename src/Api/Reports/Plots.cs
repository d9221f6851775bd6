using GmcRL.Agents.Evaluation;
using GmcRL.Envs;
using ScottPlot;

namespace GmcRL.Reports;

/// <summary>The report's pictures, as PNG bytes.</summary>
public static class Plots
{
    private const int Width = 800, Height = 480;

    /// <summary>The mean episode score of each condition as horizontal bars (first condition on top), with the 95%
    /// confidence interval as error bars.</summary>
    public static byte[] RewardPerCondition(IReadOnlyList<ConditionResult> results, string title, EpisodeScore score = EpisodeScore.RewardPerStep)
    {
        var plot = NewPlot();
        int n = results.Count;
        var bars = results.Select((r, i) => new Bar
        {
            Position = n - 1 - i,
            Value = r.Mean(score),
            Error = r.Ci95(score),
            FillColor = Colors.SteelBlue,
        }).ToList();
        plot.Add.Bars(bars).Horizontal = true;
        plot.Axes.Left.SetTicks(results.Select((_, i) => (double)(n - 1 - i)).ToArray(), results.Select(r => r.Name.Replace('_', ' ')).ToArray());
        double low = Math.Min(0, results.Min(r => r.Mean(score) - r.Ci95(score)));
        double high = Math.Max(0, results.Max(r => r.Mean(score) + r.Ci95(score)));
        plot.Axes.SetLimitsX(low * 1.1 - 0.05, high * 1.1);
        plot.Title(title);
        plot.XLabel(Label(score));
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>The mean episode score against the per-step drop probability (0 = all modalities).</summary>
    public static byte[] RewardAgainstDropProbability(IReadOnlyList<(double Probability, ConditionResult Result)> points, string title,
        EpisodeScore score = EpisodeScore.RewardPerStep)
    {
        var plot = NewPlot();
        double[] x = points.Select(p => p.Probability).ToArray();
        double[] y = points.Select(p => p.Result.Mean(score)).ToArray();
        plot.Add.Scatter(x, y);
        var errors = plot.Add.ErrorBar(x, y, points.Select(p => p.Result.Ci95(score)).ToArray());
        errors.Color = Colors.Black;
        AxisThroughZero(plot, points.Select(p => p.Result.Mean(score) - p.Result.Ci95(score)), points.Select(p => p.Result.Mean(score) + p.Result.Ci95(score)));
        plot.Axes.SetLimitsX(-0.05, Math.Max(0.55, x.Max() + 0.05));
        plot.Title(title);
        plot.XLabel("probability that a modality is missing at a step");
        plot.YLabel(Label(score));
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>The mean episode score of each representation in each condition as grouped vertical bars (a group per
    /// condition, a colour per representation) with the 95% confidence interval as error bars.</summary>
    public static byte[] RewardByRepresentation(IReadOnlyList<string> conditions,
        IReadOnlyList<(string Name, IReadOnlyList<ConditionResult> Results)> representations, string title,
        EpisodeScore score = EpisodeScore.RewardPerStep)
    {
        var plot = NewPlot();
        int k = representations.Count;
        double width = 0.8 / Math.Max(1, k);
        var palette = new ScottPlot.Palettes.Category10();
        var bars = new List<Bar>();
        for (int r = 0; r < k; r++)
        {
            var color = palette.GetColor(r);
            for (int c = 0; c < conditions.Count; c++)
            {
                var result = representations[r].Results.FirstOrDefault(x => x.Name == conditions[c]);
                if (result is null) continue;
                bars.Add(new Bar
                {
                    Position = c + (r - (k - 1) / 2.0) * width,
                    Size = width * 0.9,
                    Value = result.Mean(score),
                    Error = result.Ci95(score),
                    FillColor = color,
                });
            }
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = representations[r].Name, FillColor = color });
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(conditions.Select((_, i) => (double)i).ToArray(), conditions.Select(c => c.Replace('_', ' ')).ToArray());
        AxisThroughZero(plot, bars.Select(b => b.Value - b.Error), bars.Select(b => b.Value + b.Error));
        plot.Axes.SetLimitsX(-0.6, conditions.Count - 0.4);
        plot.ShowLegend(Alignment.LowerRight);
        plot.Title(title);
        plot.YLabel(Label(score));
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>A learning curve: one or more series of (step, value).</summary>
    public static byte[] LearningCurve(IReadOnlyList<(string Label, double[] Steps, double[] Values)> series, string title, string yLabel)
    {
        var plot = NewPlot();
        foreach (var (label, steps, values) in series)
        {
            var line = plot.Add.Scatter(steps, values);
            line.LegendText = label;
        }
        if (series.Count > 1) plot.ShowLegend();
        plot.Title(title);
        plot.XLabel("environment steps");
        plot.YLabel(yLabel);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>
    /// Latent maps, one row per representation: first every set on one panel, coloured by set (is each modality's
    /// latent where the complete one is?), then one panel per set coloured by the true-state variable (does the map
    /// keep the state's order?), or in the set's colour when there is none.
    /// </summary>
    public static byte[] LatentMaps(IReadOnlyList<(string Label, LatentMap Map)> rows, string title)
    {
        const int PanelWidth = 340, PanelHeight = 320, TitleHeight = 36;
        int columns = 1 + rows.Max(r => r.Map.Layers.Count);
        var palette = new ScottPlot.Palettes.Category10();
        var multiplot = new Multiplot();
        while (multiplot.Subplots.Count > 0) multiplot.Subplots.RemoveAt(0); // it starts with one empty plot
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows.Count, columns);
        foreach (var (label, map) in rows)
        {
            var together = NewPlot();
            for (int l = 0; l < map.Layers.Count; l++)
            {
                var layer = map.Layers[l];
                together.Add.Markers(Doubles(layer.X), Doubles(layer.Y), MarkerShape.FilledCircle, 2, palette.GetColor(l).WithAlpha(0.5));
                together.Legend.ManualItems.Add(new LegendItem { LabelText = Latent(layer.Name), FillColor = palette.GetColor(l) });
            }
            together.ShowLegend(Alignment.UpperRight);
            together.Axes.AutoScale();
            var limits = together.Axes.GetLimits();
            together.Title($"{label}: by set", size: 13);
            Frame(together);
            multiplot.Subplots.Add(together);
            for (int l = 0; l < columns - 1; l++)
            {
                var panel = NewPlot();
                if (l < map.Layers.Count)
                {
                    var layer = map.Layers[l];
                    if (map.State is { } state && map.StateName is { } name)
                    {
                        AddColouredByState(panel, layer, state, map.StateIsAngle);
                        panel.Title($"{label}: {Latent(layer.Name)} by {name}", size: 13);
                    }
                    else
                    {
                        panel.Add.Markers(Doubles(layer.X), Doubles(layer.Y), MarkerShape.FilledCircle, 2, palette.GetColor(l).WithAlpha(0.6));
                        panel.Title($"{label}: {Latent(layer.Name)}", size: 13);
                    }
                    // The same limits as the first panel, so positions compare across panels.
                    panel.Axes.SetLimits(limits);
                }
                Frame(panel);
                multiplot.Subplots.Add(panel);
            }
        }
        int width = columns * PanelWidth, height = rows.Count * PanelHeight + TitleHeight;
        using var panels = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(width, height - TitleHeight));
        multiplot.Render(panels.Canvas, new PixelRect(0, width, height - TitleHeight, 0));
        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(width, height));
        surface.Canvas.Clear(SkiaSharp.SKColors.White);
        using (var drawn = panels.Snapshot()) surface.Canvas.DrawImage(drawn, 0, TitleHeight);
        using (var paint = new SkiaSharp.SKPaint { Color = SkiaSharp.SKColors.Black, IsAntialias = true })
        using (var font = new SkiaSharp.SKFont(PlotFonts.EnsureRegistered() is null ? SkiaSharp.SKTypeface.Default : SkiaSharp.SKTypeface.FromFamilyName(PlotFonts.FontName), 18))
            surface.Canvas.DrawText(title, width / 2f, 25, SkiaSharp.SKTextAlign.Center, font, paint);
        using var image = surface.Snapshot();
        using var png = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    // Points in 24 colours of the state's range (a cyclic colour map for an angle, so that -pi and pi look alike).
    private static void AddColouredByState(Plot panel, MapLayer layer, IReadOnlyList<double> state, bool angle)
    {
        const int Bins = 24;
        IColormap colours = angle ? new ScottPlot.Colormaps.Phase() : new ScottPlot.Colormaps.Viridis();
        double low = angle ? -Math.PI : state.Min(), high = angle ? Math.PI : state.Max();
        double span = high > low ? high - low : 1;
        var bins = Enumerable.Range(0, Bins).Select(_ => (X: new List<double>(), Y: new List<double>())).ToArray();
        for (int i = 0; i < layer.X.Count; i++)
        {
            int b = Math.Clamp((int)((state[i] - low) / span * Bins), 0, Bins - 1);
            bins[b].X.Add(layer.X[i]);
            bins[b].Y.Add(layer.Y[i]);
        }
        for (int b = 0; b < Bins; b++)
            if (bins[b].X.Count > 0)
                panel.Add.Markers(bins[b].X.ToArray(), bins[b].Y.ToArray(), MarkerShape.FilledCircle, 2, colours.GetColor((b + 0.5) / Bins).WithAlpha(0.7));
    }

    private static void Frame(Plot plot)
    {
        plot.Axes.Bottom.TickLabelStyle.IsVisible = false;
        plot.Axes.Left.TickLabelStyle.IsVisible = false;
    }

    private static string Latent(string set) => set == LatentGeometry.Complete ? "z(1:M)" : $"z({set})";

    private static double[] Doubles(IReadOnlyList<float> values) => values.Select(v => (double)v).ToArray();

    private static Plot NewPlot()
    {
        var plot = new Plot();
        if (PlotFonts.EnsureRegistered() is not null) plot.Font.Set(PlotFonts.FontName);
        return plot;
    }

    // The axis from the lowest value (or 0) to the highest (or 0), so bars hang from 0: the pendulum's rewards are
    // all negative, a game's returns of either sign.
    private static void AxisThroughZero(Plot plot, IEnumerable<double> lows, IEnumerable<double> highs)
    {
        double low = Math.Min(lows.DefaultIfEmpty(-1).Min(), 0);
        double high = Math.Max(highs.DefaultIfEmpty(0).Max(), 0);
        plot.Axes.SetLimitsY(low * 1.1 - 0.05, high * 1.1 + 0.05);
    }

    // The score axis's label.
    private static string Label(EpisodeScore score) =>
        score == EpisodeScore.Return ? "mean total reward per episode (95% CI)" : "mean reward per step (95% CI); 0 is best";
}
