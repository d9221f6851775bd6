namespace GmcRL.Envs.Pendulum;

/// <summary>
/// Renders the pendulum's image modality (docs/method.md §5): a 60x60 binary frame, 1 where the rod (a capsule from
/// the axle to the tip, half-width 0.1) or the axle (a disc of radius 0.05) covers the pixel's centre.
/// </summary>
/// <remarks>
/// The reference draws 100x100 pixels over the world window [-2.2, 2.2]^2 and crops pixels 20..79, so crop
/// pixel (row r, column c) has its centre at x = (c - 29.5) * 0.044, y = (29.5 - r) * 0.044. Writing the centre
/// this way (rather than -2.2 + (c + 20.5) * 0.044) makes theta and -theta exact mirror images.
/// </remarks>
public static class PendulumImage
{
    /// <summary>Width and height of a frame in pixels.</summary>
    public const int Size = 60;

    /// <summary>Side of one pixel in world units (4.4 / 100).</summary>
    public const double PixelSize = 4.4 / 100;

    /// <summary>Half the rod's width (radius of its round ends).</summary>
    public const double RodRadius = 0.1;

    /// <summary>Radius of the axle disc.</summary>
    public const double AxleRadius = 0.05;

    private const double Centre = (Size - 1) / 2.0; // 29.5

    /// <summary>Draws the rod at angle <paramref name="theta"/> with length <paramref name="length"/> into
    /// <paramref name="pixels"/> (60*60 bytes, row-major, row 0 at the top), overwriting every pixel.</summary>
    public static void Render(double theta, double length, Span<byte> pixels)
    {
        if (pixels.Length != Size * Size)
            throw new ArgumentException($"An image frame needs {Size * Size} bytes (got {pixels.Length}).", nameof(pixels));
        pixels.Clear();

        double tipX = -Math.Sin(theta) * length;
        double tipY = Math.Cos(theta) * length;
        double lengthSq = tipX * tipX + tipY * tipY;
        const double rodSq = RodRadius * RodRadius;
        const double axleSq = AxleRadius * AxleRadius;

        // Only pixels inside the capsule's bounding box can be lit.
        int c0 = Math.Max(0, (int)Math.Floor((Math.Min(0, tipX) - RodRadius) / PixelSize + Centre));
        int c1 = Math.Min(Size - 1, (int)Math.Ceiling((Math.Max(0, tipX) + RodRadius) / PixelSize + Centre));
        int r0 = Math.Max(0, (int)Math.Floor(Centre - (Math.Max(0, tipY) + RodRadius) / PixelSize));
        int r1 = Math.Min(Size - 1, (int)Math.Ceiling(Centre - (Math.Min(0, tipY) - RodRadius) / PixelSize));

        for (int r = r0; r <= r1; r++)
        {
            double y = (Centre - r) * PixelSize;
            Span<byte> row = pixels.Slice(r * Size, Size);
            for (int c = c0; c <= c1; c++)
            {
                double x = (c - Centre) * PixelSize;
                // Distance from (x, y) to the segment from the axle (0, 0) to the tip: project, clamp to [0, 1].
                double t = Math.Clamp((x * tipX + y * tipY) / lengthSq, 0.0, 1.0);
                double dx = x - t * tipX, dy = y - t * tipY;
                if (dx * dx + dy * dy <= rodSq || x * x + y * y <= axleSq) row[c] = 1;
            }
        }
    }
}
