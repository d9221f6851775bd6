using GmcRL.Geometry;

namespace GmcRL.Tests.Geometry.Dca;

/// <summary>The DCA authors' first example (petrapoklukar/DCA, representations/first_example): 20 R and 20 E points in
/// 2-D, copied here as CSV from /work/shared/data/dca-first-example.</summary>
internal static class FirstExample
{
    public static Points R => Load("R.csv");
    public static Points E => Load("E.csv");

    private static Points Load(string name)
    {
        var values = Repository.Text(Path.Combine("tests", "GmcRL.Tests", "Geometry", "Dca", name))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(line => line.Split(',').Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
        return new Points(values, 2);
    }
}
