namespace GmcRL.Replays.Rendering;

/// <summary>A 5x7 pixel font for the labels and numbers of rendered frames (digits, capital letters and a little
/// punctuation; lower case is drawn as capitals, anything else as a blank). Self-contained, so rendering needs no font
/// files and gives the same pixels on every machine.</summary>
public static class PixelFont
{
    /// <summary>Glyph width and height in pixels at scale 1 (plus one column of spacing per character).</summary>
    public const int Width = 5, Height = 7;

    // Each glyph: 7 rows of 5 columns, '#' lit.
    private static readonly Dictionary<char, string> Glyphs = new()
    {
        ['0'] = ".###.#...##..###.#.###..##...#.###.", ['1'] = "..#...##....#....#....#....#...###.",
        ['2'] = ".###.#...#....#...#...#...#...#####", ['3'] = "#####...#...#.....#.....##...#.###.",
        ['4'] = "...#...##..#.#.#..#.#####...#....#.", ['5'] = "######....####.....#....##...#.###.",
        ['6'] = "..##..#...#....####.#...##...#.###.", ['7'] = "#####....#...#...#...#....#....#...",
        ['8'] = ".###.#...##...#.###.#...##...#.###.", ['9'] = ".###.#...##...#.####....#...#..##..",
        ['A'] = ".###.#...##...#######...##...##...#", ['B'] = "####.#...##...#####.#...##...#####.",
        ['C'] = ".###.#...##....#....#....#...#.###.", ['D'] = "###..#..#.#...##...##...##..#.###..",
        ['E'] = "######....#....####.#....#....#####", ['F'] = "######....#....####.#....#....#....",
        ['G'] = ".###.#...##....#.####...##...#.####", ['H'] = "#...##...##...#######...##...##...#",
        ['I'] = ".###...#....#....#....#....#...###.", ['J'] = "..###...#....#....#....#.#..#..##..",
        ['K'] = "#...##..#.#.#..##...#.#..#..#.#...#", ['L'] = "#....#....#....#....#....#....#####",
        ['M'] = "#...###.###.#.##.#.##...##...##...#", ['N'] = "#...##...###..##.#.##..###...##...#",
        ['O'] = ".###.#...##...##...##...##...#.###.", ['P'] = "####.#...##...#####.#....#....#....",
        ['Q'] = ".###.#...##...##...##.#.##..#..##.#", ['R'] = "####.#...##...#####.#.#..#..#.#...#",
        ['S'] = ".#####....#.....###.....#....#####.", ['T'] = "#####..#....#....#....#....#....#..",
        ['U'] = "#...##...##...##...##...##...#.###.", ['V'] = "#...##...##...##...##...#.#.#...#..",
        ['W'] = "#...##...##...##.#.##.#.##.#.#.#.#.", ['X'] = "#...##...#.#.#...#...#.#.#...##...#",
        ['Y'] = "#...##...#.#.#...#....#....#....#..", ['Z'] = "#####....#...#...#...#...#....#####",
        ['-'] = "................###................", ['.'] = "..........................##...##..",
        [':'] = "......##...##........##...##.......", ['/'] = ".........#...#...#...#...#.........",
        ['+'] = ".......#....#..#####..#....#.......", ['_'] = "..............................#####",
        ['%'] = "##..###..#...#...#...#...#..###..##", ['('] = "...#...#...#....#....#.....#.....#.",
        [')'] = ".#.....#.....#....#....#...#...#...", ['='] = "..........#####.....#####..........",
        [','] = ".....................##....#...#...", [' '] = "...................................",
    };

    /// <summary>The width in pixels of <paramref name="text"/> at <paramref name="scale"/>.</summary>
    public static int Measure(string text, int scale = 1) => text.Length == 0 ? 0 : (text.Length * (Width + 1) - 1) * scale;

    /// <summary>Draws <paramref name="text"/> with its top-left corner at (x, y) in colour <paramref name="color"/>;
    /// pixels outside the canvas are skipped.</summary>
    public static void Draw(Span<byte> canvas, int canvasWidth, int x, int y, string text, byte color, int scale = 1)
    {
        int canvasHeight = canvas.Length / canvasWidth;
        foreach (char raw in text)
        {
            if (Glyphs.TryGetValue(char.ToUpperInvariant(raw), out string? glyph))
            {
                for (int r = 0; r < Height; r++)
                    for (int c = 0; c < Width; c++)
                    {
                        int index = r * Width + c;
                        if (glyph[index] != '#') continue;
                        for (int dy = 0; dy < scale; dy++)
                            for (int dx = 0; dx < scale; dx++)
                            {
                                int px = x + c * scale + dx, py = y + r * scale + dy;
                                if (px >= 0 && py >= 0 && px < canvasWidth && py < canvasHeight) canvas[py * canvasWidth + px] = color;
                            }
                    }
            }
            x += (Width + 1) * scale;
        }
    }
}
