using GmcRL.Envs.Pendulum;

namespace GmcRL.Tests.Envs;

public class PendulumImageTests
{
    private const int N = PendulumImage.Size;

    private static byte[] Render(double theta)
    {
        var pixels = new byte[N * N];
        PendulumImage.Render(theta, 1.0, pixels);
        return pixels;
    }

    private static int Differences(byte[] a, Func<int, int, byte> b)
    {
        int d = 0;
        for (int r = 0; r < N; r++)
            for (int c = 0; c < N; c++)
                if (a[r * N + c] != b(r, c)) d++;
        return d;
    }

    [Fact]
    public void Upright_rod_is_a_vertical_bar_from_the_axle_to_row_5()
    {
        var img = Render(0);
        // Pixel centres x = (c - 29.5) * 0.044: columns 28..31 lie within 0.1 of the rod's axis, 27 and 32 do not.
        for (int r = 8; r <= 28; r++)
        {
            for (int c = 28; c <= 31; c++) Assert.Equal(1, img[r * N + c]);
            Assert.Equal(0, img[r * N + 27]);
            Assert.Equal(0, img[r * N + 32]);
        }
        // The tip's round end reaches y = 1.1, i.e. row 29.5 - 1.1 / 0.044 = 4.5: row 5 is the first lit row.
        Assert.All(Enumerable.Range(0, 5 * N), i => Assert.Equal(0, img[i]));
        Assert.Contains((byte)1, img.Skip(5 * N).Take(N));
        // The axle's round end reaches y = -0.1, row 31.77: nothing below row 31.
        Assert.All(Enumerable.Range(32 * N, (N - 32) * N), i => Assert.Equal(0, img[i]));
        Assert.Equal(1, img[31 * N + 29]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    [InlineData(-0.05)]
    [InlineData(1.0)]
    [InlineData(Math.PI / 2)]
    [InlineData(Math.PI)]
    [InlineData(-2.5)]
    public void Axle_is_always_lit(double theta)
    {
        var img = Render(theta);
        // The four pixels around the centre have centres 0.031 from the axle, inside its 0.05 radius.
        foreach (var (r, c) in new[] { (29, 29), (29, 30), (30, 29), (30, 30) }) Assert.Equal(1, img[r * N + c]);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.1)]
    [InlineData(0.7)]
    [InlineData(Math.PI / 2)]
    [InlineData(2.9)]
    [InlineData(Math.PI)]
    public void Plus_and_minus_theta_are_exact_mirror_images(double theta)
    {
        var plus = Render(theta);
        var minus = Render(-theta);
        Assert.Equal(0, Differences(plus, (r, c) => minus[r * N + (N - 1 - c)]));
    }

    [Fact]
    public void Quarter_turns_rotate_the_image_and_a_half_turn_flips_it()
    {
        var up = Render(0);
        // Rotating (x, y) by +90 degrees maps pixel (r, c) to (59 - c, r); sin/cos of pi/2 and pi are not exact,
        // so a pixel whose centre lies within rounding of the boundary may differ: allow 2.
        var left = Render(Math.PI / 2);
        Assert.True(Differences(up, (r, c) => left[(N - 1 - c) * N + r]) <= 2);
        var right = Render(-Math.PI / 2);
        Assert.True(Differences(up, (r, c) => right[c * N + (N - 1 - r)]) <= 2);
        var down = Render(Math.PI);
        Assert.True(Differences(up, (r, c) => down[(N - 1 - r) * N + c]) <= 2);
        // Pointing left, the rod lights pixels left of the axle and none right of it.
        Assert.Equal(1, left[29 * N + 10]);
        Assert.Equal(0, left[29 * N + 45]);
    }

    [Theory]
    [InlineData(0.02)]
    [InlineData(0.1)]
    [InlineData(-0.3)]
    [InlineData(1.3)]
    [InlineData(-2.2)]
    public void Lit_pixels_are_centred_on_the_rods_midpoint(double theta)
    {
        // The capsule is symmetric about the rod's midpoint (-sin/2, cos/2): the lit pixels' centroid lands there
        // (the axle disc lies inside the capsule, so it does not move it), up to pixelisation: the rod's 4.55-pixel
        // width is sampled as 4 or 5 columns, which can differ between its two halves and move the centroid by
        // most of a pixel, so we allow one pixel (0.044).
        var img = Render(theta);
        double sx = 0, sy = 0;
        int n = 0;
        for (int r = 0; r < N; r++)
            for (int c = 0; c < N; c++)
                if (img[r * N + c] == 1) { sx += (c - 29.5) * 0.044; sy += (29.5 - r) * 0.044; n++; }
        Assert.Equal(-Math.Sin(theta) / 2, sx / n, 0.044);
        Assert.Equal(Math.Cos(theta) / 2, sy / n, 0.044);
    }

    [Fact]
    public void Lit_pixel_count_matches_the_capsule_area()
    {
        // Capsule area: 1 x 0.2 rectangle + a disc of radius 0.1 = 0.2314159 units^2 = 119.53 pixels of 0.044^2.
        // Sampling pixel centres miscounts only pixels that straddle the boundary. The worst case is a rod aligned
        // with the pixel grid: its width of 0.2 / 0.044 = 4.55 pixels is sampled as 4 or 5 columns along its whole
        // 22.7-pixel length, up to 0.55 x 22.7 = 12.4 pixels (10.4%) off, plus a pixel or two at the round ends; so
        // we allow 12% per angle. Over 720 angles the straddling errors take both signs and average out: 0.5%.
        double expected = (0.2 + Math.PI * 0.01) / (0.044 * 0.044);
        double total = 0;
        for (int i = 0; i < 720; i++)
        {
            double theta = -Math.PI + i * Math.PI / 360;
            int lit = Render(theta).Count(p => p == 1);
            Assert.InRange(lit, expected * 0.88, expected * 1.12);
            total += lit;
        }
        Assert.InRange(total / 720, expected * 0.995, expected * 1.005);
    }

    [Fact]
    public void Wrong_buffer_size_is_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => PendulumImage.Render(0, 1, new byte[100]));
        Assert.Contains("3600", e.Message);
    }
}
