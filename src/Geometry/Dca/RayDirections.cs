namespace GmcRL.Geometry.Dca;

/// <summary>
/// Ray directions drawn uniformly on the unit sphere S^(d-1) (normalised standard Gaussian vectors, Box-Muller), from a
/// seed. As in the reference ray caster, one set of directions is shared by every point.
/// </summary>
internal static class RayDirections
{
    /// <summary><paramref name="count"/> unit vectors of <paramref name="dimension"/> coordinates, row by row.</summary>
    public static double[] Sample(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        var directions = new double[count * dimension];
        for (int k = 0; k < count; k++)
        {
            var u = directions.AsSpan(k * dimension, dimension);
            double norm2;
            do
            {
                norm2 = 0;
                for (int a = 0; a < dimension; a++)
                {
                    u[a] = Gaussian(random);
                    norm2 += u[a] * u[a];
                }
            } while (norm2 == 0);
            double scale = 1 / Math.Sqrt(norm2);
            for (int a = 0; a < dimension; a++) u[a] *= scale;
        }
        return directions;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
