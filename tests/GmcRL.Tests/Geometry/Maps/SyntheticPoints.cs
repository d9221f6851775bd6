using GmcRL.Geometry;

namespace GmcRL.Tests.Geometry.Maps;

/// <summary>Point sets whose structure is known, to check that a map keeps it.</summary>
static class SyntheticPoints
{
    /// <summary>
    /// <paramref name="clusters"/> unit Gaussian blobs in <paramref name="dimension"/> dimensions, centred
    /// <paramref name="separation"/> out along the axes (blob c on axis c mod dimension, on its negative side from
    /// the second round on); point i belongs to blob i mod clusters.
    /// </summary>
    public static (Points Points, int[] Labels) Clusters(
        int count, int dimension, int clusters, double separation, int seed)
    {
        if (clusters > 2 * dimension) throw new ArgumentOutOfRangeException(nameof(clusters), "two blobs per axis");
        var random = new Random(seed);
        var data = new float[count * dimension];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = i % clusters;
            double offset = labels[i] < dimension ? separation : -separation;
            for (int d = 0; d < dimension; d++)
                data[i * dimension + d] = (float)(Gaussian(random) + (d == labels[i] % dimension ? offset : 0));
        }
        return (new Points(data, dimension), labels);
    }

    /// <summary>A circle of radius 5 in the first two axes of <paramref name="dimension"/>, plus noise.</summary>
    public static Points Circle(int count, int dimension, double noise, int seed)
    {
        var random = new Random(seed);
        var data = new float[count * dimension];
        for (int i = 0; i < count; i++)
        {
            double angle = 2 * Math.PI * i / count;
            for (int d = 0; d < dimension; d++) data[i * dimension + d] = (float)(noise * Gaussian(random));
            data[i * dimension] += (float)(5 * Math.Cos(angle));
            data[i * dimension + 1] += (float)(5 * Math.Sin(angle));
        }
        return new Points(data, dimension);
    }

    /// <summary><paramref name="points"/> with Gaussian noise of deviation <paramref name="noise"/> added.</summary>
    public static Points Jittered(Points points, double noise, int seed)
    {
        var random = new Random(seed);
        return new Points([.. points.Data.Select(v => (float)(v + noise * Gaussian(random)))], points.Dimension);
    }

    static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
