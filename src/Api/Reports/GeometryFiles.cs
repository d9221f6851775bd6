using System.Globalization;
using System.Text;
using System.Text.Json;
using GmcRL.Storage;

namespace GmcRL.Reports;

/// <summary>Writes and reads a run's <c>geometry.json</c> (DCA scores) and <c>latent_map.csv</c> (the 2-D map: one row
/// per point and set, with the true-state variable when there is one), atomically.</summary>
public static class GeometryFiles
{
    /// <summary>The scores' file name in a run folder.</summary>
    public const string ScoresName = "geometry.json";

    /// <summary>The map's file name in a run folder.</summary>
    public const string MapName = "latent_map.csv";

    /// <summary>Writes <paramref name="report"/> (and its map, if any) into <paramref name="folder"/>.</summary>
    public static void Write(string folder, GeometryReport report)
    {
        if (report.Map is { } map) AtomicFile.WriteAllText(Path.Combine(folder, MapName), Csv(map));
        AtomicFile.WriteAllText(Path.Combine(folder, ScoresName), JsonSerializer.Serialize(report, EvaluationFiles.Json));
    }

    /// <summary>Reads the geometry of the run in <paramref name="folder"/>, or null when it has none; a clear error when
    /// a file is malformed.</summary>
    public static GeometryReport? Read(string folder)
    {
        string path = Path.Combine(folder, ScoresName);
        if (!File.Exists(path)) return null;
        GeometryReport report;
        try
        {
            report = JsonSerializer.Deserialize<GeometryReport>(File.ReadAllText(path), EvaluationFiles.Json)
                ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid geometry file: {e.Message}", e);
        }
        if (report.FormatVersion != GeometryReport.CurrentFormatVersion)
            throw new InvalidDataException($"{path} has format version {report.FormatVersion}; this gmcrl reads version {GeometryReport.CurrentFormatVersion}.");
        if (report.Subsets is null) throw new InvalidDataException($"{path} lists no subsets.");
        string map = Path.Combine(folder, MapName);
        return File.Exists(map) ? report with { Map = ReadMap(map, report.Points) with { StateIsAngle = report.MapStateIsAngle } } : report;
    }

    private static string Csv(LatentMap map)
    {
        var csv = new StringBuilder("set,point,x,y");
        if (map.StateName is { } state) csv.Append(',').Append(state);
        csv.Append('\n');
        foreach (var layer in map.Layers)
            for (int i = 0; i < layer.X.Count; i++)
            {
                csv.Append(layer.Name).Append(',').Append(i).Append(',')
                   .Append(layer.X[i].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                   .Append(layer.Y[i].ToString("R", CultureInfo.InvariantCulture));
                if (map.State is { } values) csv.Append(',').Append(values[i].ToString("R", CultureInfo.InvariantCulture));
                csv.Append('\n');
            }
        return csv.ToString();
    }

    private static LatentMap ReadMap(string path, int points)
    {
        var lines = File.ReadAllLines(path);
        string Bad(int line, string why) => $"{path}, line {line}: {why}";
        if (lines.Length == 0) throw new InvalidDataException($"{path} is empty.");
        var header = lines[0].Split(',');
        if (header.Length is not (4 or 5) || header[0] != "set" || header[1] != "point" || header[2] != "x" || header[3] != "y")
            throw new InvalidDataException(Bad(1, "expected the header set,point,x,y[,state]"));
        string? stateName = header.Length == 5 ? header[4] : null;
        var state = stateName is null ? null : new double[points];
        var layers = new List<(string Name, float[] X, float[] Y)>();
        var counts = new Dictionary<string, int>();
        for (int n = 1; n < lines.Length; n++)
        {
            if (lines[n].Length == 0) continue;
            var cells = lines[n].Split(',');
            if (cells.Length != header.Length) throw new InvalidDataException(Bad(n + 1, $"expected {header.Length} values"));
            if (layers.Count == 0 || layers[^1].Name != cells[0])
            {
                if (counts.ContainsKey(cells[0])) throw new InvalidDataException(Bad(n + 1, $"set '{cells[0]}' continues after another set"));
                layers.Add((cells[0], new float[points], new float[points]));
                counts[cells[0]] = 0;
            }
            counts[cells[0]]++;
            if (!int.TryParse(cells[1], NumberStyles.None, CultureInfo.InvariantCulture, out int i) || i >= points)
                throw new InvalidDataException(Bad(n + 1, $"point '{cells[1]}' is not one of the {points} points"));
            if (!float.TryParse(cells[2], NumberStyles.Float, CultureInfo.InvariantCulture, out layers[^1].X[i])
                || !float.TryParse(cells[3], NumberStyles.Float, CultureInfo.InvariantCulture, out layers[^1].Y[i])
                || (state is not null && !double.TryParse(cells[4], NumberStyles.Float, CultureInfo.InvariantCulture, out state[i])))
                throw new InvalidDataException(Bad(n + 1, "a value is not a number"));
        }
        if (layers.Count == 0) throw new InvalidDataException($"{path} holds no points.");
        foreach (var (name, _, _) in layers)
            if (counts[name] != points) throw new InvalidDataException($"{path}: set '{name}' has {counts[name]} points, not the {points} of the geometry.");
        return new LatentMap(stateName, state, layers.Select(l => new MapLayer(l.Name, l.X, l.Y)).ToList());
    }
}
