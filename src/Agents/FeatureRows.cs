namespace GmcRL.Agents;

/// <summary>Shape checks for the row-major feature and action spans agents receive, with messages that say what to pass.</summary>
internal static class FeatureRows
{
    /// <summary>The number of rows, after checking both spans hold whole rows of the same count.</summary>
    public static int Count(ReadOnlySpan<float> features, int featureSize, Span<float> actions, int actionWidth, string agent)
    {
        if (features.Length == 0 || features.Length % featureSize != 0)
            throw new ArgumentException($"{agent}: the features hold {features.Length} value(s), not a positive multiple of the feature size {featureSize}.");
        int rows = features.Length / featureSize;
        if (actions.Length != rows * actionWidth)
            throw new ArgumentException($"{agent}: {rows} feature row(s) need an action buffer of {rows * actionWidth} value(s) (got {actions.Length}).");
        return rows;
    }

    /// <summary>Checks that a batch was made for this agent's widths.</summary>
    public static void Check(Batch batch, int featureSize, int actionWidth, string agent)
    {
        if (batch.FeatureSize != featureSize || batch.ActionWidth != actionWidth)
            throw new ArgumentException($"{agent}: the batch has features of {batch.FeatureSize} and actions of {batch.ActionWidth}; this agent takes {featureSize} and {actionWidth}.");
    }
}
