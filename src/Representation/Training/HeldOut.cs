namespace GmcRL.Representation.Training;

/// <summary>The split of pretraining: the last samples of the dataset are held out for validation and for measuring
/// alignment, the rest is trained on.</summary>
public static class HeldOut
{
    /// <summary>How many of <paramref name="count"/> samples are held out at <paramref name="fraction"/> (at least two):
    /// samples count - HeldOut.Count .. count - 1.</summary>
    public static int Count(int count, double fraction) => Math.Max(2, (int)Math.Round(count * fraction));
}
