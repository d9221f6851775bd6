using GmcRL.Agents.Evaluation;
using ScottPlot;

namespace GmcRL.Reports;

/// <summary>The report's pictures, as PNG bytes.</summary>
public static class Plots
{
    private const int Width = 800, Height = 480;

    /// <summary>Mean reward per step of each condition as horizontal bars (first condition on top), with the 95%
    /// confidence interval as error bars.</summary>
    public static byte[] RewardPerCondition(IReadOnlyList<ConditionResult> results, string title)
    {
        var plot = NewPlot();
        int n = results.Count;
        var bars = results.Select((r, i) => new Bar
        {
            Position = n - 1 - i,
            Value = r.MeanRewardPerStep,
            Error = r.Ci95RewardPerStep,
            FillColor = Colors.SteelBlue,
        }).ToList();
        plot.Add.Bars(bars).Horizontal = true;
        plot.Axes.Left.SetTicks(results.Select((_, i) => (double)(n - 1 - i)).ToArray(), results.Select(r => r.Name.Replace('_', ' ')).ToArray());
        double low = Math.Min(0, results.Min(r => r.MeanRewardPerStep - r.Ci95RewardPerStep));
        plot.Axes.SetLimitsX(low * 1.1 - 0.05, 0);
        plot.Title(title);
        plot.XLabel("mean reward per step (95% CI); 0 is best");
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>Mean reward per step against the per-step drop probability (0 = all modalities).</summary>
    public static byte[] RewardAgainstDropProbability(IReadOnlyList<(double Probability, ConditionResult Result)> points, string title)
    {
        var plot = NewPlot();
        double[] x = points.Select(p => p.Probability).ToArray();
        double[] y = points.Select(p => p.Result.MeanRewardPerStep).ToArray();
        plot.Add.Scatter(x, y);
        var errors = plot.Add.ErrorBar(x, y, points.Select(p => p.Result.Ci95RewardPerStep).ToArray());
        errors.Color = Colors.Black;
        ZeroToLowest(plot, points.Select(p => p.Result.MeanRewardPerStep - p.Result.Ci95RewardPerStep));
        plot.Axes.SetLimitsX(-0.05, Math.Max(0.55, x.Max() + 0.05));
        plot.Title(title);
        plot.XLabel("probability that a modality is missing at a step");
        plot.YLabel("mean reward per step (95% CI)");
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>Mean reward per step of each representation in each condition as grouped vertical bars (a group per
    /// condition, a colour per representation) with the 95% confidence interval as error bars.</summary>
    public static byte[] RewardByRepresentation(IReadOnlyList<string> conditions,
        IReadOnlyList<(string Name, IReadOnlyList<ConditionResult> Results)> representations, string title)
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
                    Value = result.MeanRewardPerStep,
                    Error = result.Ci95RewardPerStep,
                    FillColor = color,
                });
            }
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = representations[r].Name, FillColor = color });
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(conditions.Select((_, i) => (double)i).ToArray(), conditions.Select(c => c.Replace('_', ' ')).ToArray());
        ZeroToLowest(plot, bars.Select(b => b.Value - b.Error));
        plot.Axes.SetLimitsX(-0.6, conditions.Count - 0.4);
        plot.ShowLegend(Alignment.LowerRight);
        plot.Title(title);
        plot.YLabel("mean reward per step (95% CI); 0 is best");
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

    private static Plot NewPlot()
    {
        var plot = new Plot();
        if (PlotFonts.EnsureRegistered() is not null) plot.Font.Set(PlotFonts.FontName);
        return plot;
    }

    // Rewards are negative: show the axis from the lowest value up to 0, so bars hang from 0.
    private static void ZeroToLowest(Plot plot, IEnumerable<double> lows)
    {
        double low = Math.Min(lows.DefaultIfEmpty(-1).Min(), 0);
        plot.Axes.SetLimitsY(low * 1.1 - 0.05, 0.05);
    }
}
