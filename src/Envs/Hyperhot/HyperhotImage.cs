namespace GmcRL.Envs.Hyperhot;

/// <summary>
/// Draws Hyperhot's image modality (HYPERHOT-SPEC §2) straight into 80 x 80 bits. The reference draws the 210 x 160
/// screen with pygame, keeps every second row and column, the red channel, rows 15..94, and lights every non-zero
/// pixel; every object has a non-zero red, so image pixel (r, c) is lit exactly when screen pixel (x = 2c, y = 30 + 2r)
/// is covered by the ship's rectangle, a live enemy's disc or a listed bullet's disc.
/// </summary>
internal static class HyperhotImage
{
    /// <summary>Width and height of a frame in pixels.</summary>
    public const int Side = 80;

    // Screen row of image row 0: downsampled row 15.
    private const int CropTop = 30;

    // pygame 2's filled circle (draw.c, draw_circle_filled) of radius R covers, in row y0 + dy for dy in -R..R-1, the
    // columns x0 - w..x0 + w - 1, w the entry for dy: a disc of even diameter 2R, one pixel up and left of centre.
    private static ReadOnlySpan<byte> BulletDisc => [1, 2, 3, 3, 2, 1];
    private static ReadOnlySpan<byte> EnemyDisc => [2, 4, 5, 6, 7, 7, 8, 8, 8, 8, 7, 7, 6, 5, 4, 2];

    /// <summary>Draws the game's screen into <paramref name="pixels"/> (80 * 80 bytes, row-major), overwriting every pixel.</summary>
    public static void Render(HyperhotGame game, Span<byte> pixels)
    {
        pixels.Clear();
        for (int y = HyperhotGame.ShipTop; y < HyperhotGame.ShipTop + HyperhotGame.ShipHeight; y++)
            Row(pixels, y, game.ShipX, game.ShipX + HyperhotGame.ShipWidth - 1);
        if (game.PlayerBullet.Listed) Disc(pixels, game.PlayerBullet.X, game.PlayerBullet.Y, BulletDisc);
        for (int i = 0; i < game.Enemies.Length; i++)
        {
            if (game.EnemyBullets[i].Listed) Disc(pixels, game.EnemyBullets[i].X, game.EnemyBullets[i].Y, BulletDisc);
            if (game.Enemies[i].Alive) Disc(pixels, game.Enemies[i].CentreX, HyperhotGame.EnemyTop + HyperhotGame.EnemySize / 2, EnemyDisc);
        }
    }

    private static void Disc(Span<byte> pixels, int x0, int y0, ReadOnlySpan<byte> widths)
    {
        int radius = widths.Length / 2;
        for (int k = 0; k < widths.Length; k++) Row(pixels, y0 - radius + k, x0 - widths[k], x0 + widths[k] - 1);
    }

    // Lights the image pixels whose screen pixels lie in screen row y from column x0 to x1 (inclusive, clipped).
    private static void Row(Span<byte> pixels, int y, int x0, int x1)
    {
        if ((y & 1) != 0 || y < CropTop || y >= CropTop + 2 * Side) return;
        // Even columns only: c0 = ceil(x0 / 2), c1 = floor(x1 / 2) (a shift floors negative ones too).
        int c0 = (Math.Max(x0, 0) + 1) >> 1, c1 = Math.Min(x1, HyperhotGame.ScreenWidth - 1) >> 1;
        if (c0 <= c1) pixels.Slice((y - CropTop) / 2 * Side + c0, c1 - c0 + 1).Fill(1);
    }
}
