using System.Globalization;
using System.Text;

namespace GmcRL.Cli.Options;

/// <summary>
/// The options of one command: declared with their defaults and one-line help, read from <c>--name value</c> and
/// <c>--flag</c> arguments. Unknown options, missing values and values of the wrong type are
/// <see cref="CommandLineException"/>s that name the option and the expected value.
/// </summary>
/// <example><code>
/// var cl = new CommandLine("gmcrl demo", "Random actions on an environment.", args);
/// double seconds = cl.Double("seconds", 2.0, "time per measurement");
/// bool json = cl.Flag("json", "print one JSON object");
/// if (cl.ShowHelp(output)) return 0;
/// </code></example>
public sealed class CommandLine
{
    private readonly string _command;

    /// <summary>The command's name as the user types it, e.g. "gmcrl run", for messages.</summary>
    public string Command => _command;
    private readonly string _summary;
    private readonly Dictionary<string, string?> _given = new(StringComparer.Ordinal);
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);
    private readonly List<string> _help = [];
    private readonly bool _helpRequested;

    /// <summary>Parses <paramref name="args"/> for <paramref name="command"/>.</summary>
    public CommandLine(string command, string summary, IReadOnlyList<string> args)
    {
        _command = command;
        _summary = summary;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a is "--help" or "-h") { _helpRequested = true; continue; }
            if (!a.StartsWith("--", StringComparison.Ordinal) || a.Length == 2)
                throw new CommandLineException($"{command}: unexpected argument '{a}'; options look like --name value. See '{command} --help'.");
            string name = a[2..];
            string? value = null;
            int eq = name.IndexOf('=');
            if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) value = args[++i];
            if (!_given.TryAdd(name, value))
                throw new CommandLineException($"{command}: option --{name} is given twice.");
        }
    }

    /// <summary>An integer option.</summary>
    public int Int(string name, int fallback, string help, int min = int.MinValue) =>
        Read(name, fallback, help, "an integer" + (min > int.MinValue ? $" >= {min}" : ""),
            s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= min ? (object)v : null);

    /// <summary>A real-number option.</summary>
    public double Double(string name, double fallback, string help, double min = double.NegativeInfinity) =>
        Read(name, fallback, help, "a number" + (min > double.NegativeInfinity ? $" >= {min.ToString(CultureInfo.InvariantCulture)}" : ""),
            s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) && v >= min ? (object)v : null);

    /// <summary>A list of positive integers, comma-separated (such as <c>256,256</c>); <paramref name="fallback"/> is
    /// shown as the default (a word such as "each agent's own" is fine) and gives null.</summary>
    public IReadOnlyList<int>? IntList(string name, string fallback, string help)
    {
        string text = Read(name, fallback, help, "comma-separated integers >= 1", s => s);
        if (text == fallback) return null;
        var parts = text.Split(',');
        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]) || values[i] < 1)
                throw new CommandLineException($"{_command}: --{name} must be comma-separated integers >= 1 (got '{text}').");
        return values;
    }

    /// <summary>A text option; <paramref name="allowed"/> (when given) lists the accepted values.</summary>
    public string Text(string name, string fallback, string help, params string[] allowed) =>
        Read(name, fallback, help, allowed.Length > 0 ? "one of " + string.Join(", ", allowed) : "a value",
            s => allowed.Length == 0 || allowed.Contains(s) ? s : null);

    /// <summary>A text option without a default: null when absent. A value given empty (as a script's unset variable
    /// gives) is refused rather than taken as absent; <paramref name="allowed"/> (when given) lists the accepted values.</summary>
    public string? OptionalText(string name, string valueName, string help, params string[] allowed)
    {
        string expected = allowed.Length > 0 ? "one of " + string.Join(", ", allowed) : valueName;
        Declare(name, $"  --{name} <{expected}>", help);
        if (!_given.TryGetValue(name, out string? value)) return null;
        if (string.IsNullOrWhiteSpace(value)) throw new CommandLineException($"{_command}: --{name} needs a value: {expected}{(value is null ? "" : " (got an empty one)")}.");
        if (allowed.Length > 0 && !allowed.Contains(value)) throw new CommandLineException($"{_command}: --{name} must be {expected} (got '{value}').");
        return value;
    }

    /// <summary>A flag: present or not.</summary>
    public bool Flag(string name, string help)
    {
        Declare(name, $"  --{name}", help);
        if (!_given.TryGetValue(name, out string? value)) return false;
        if (value is not null)
            throw new CommandLineException($"{_command}: --{name} is a flag and takes no value (got '{value}').");
        return true;
    }

    /// <summary>The options that set config keys: those named in <paramref name="topLevelKeys"/> and every dotted one
    /// (such as <c>agent.steps</c>; the config loader rejects unknown ones), as key and value in the order given; they
    /// count as declared.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ConfigOptions(IReadOnlyCollection<string> topLevelKeys)
    {
        var dotted = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in _given)
        {
            if (!name.Contains('.') && !topLevelKeys.Contains(name)) continue;
            if (value is null) throw new CommandLineException($"{_command}: --{name} needs a value.");
            _declared.Add(name);
            dotted.Add(new(name, value));
        }
        return dotted;
    }

    /// <summary>Prints the help and returns true when --help was given; otherwise checks that every option given was
    /// declared (call it after declaring all options).</summary>
    public bool ShowHelp(TextWriter output)
    {
        if (_helpRequested)
        {
            var text = new StringBuilder($"usage: {_command} [options]\n\n{_summary}\n\noptions:\n");
            foreach (string line in _help) text.AppendLine(line);
            text.AppendLine("  --help    show this help");
            output.Write(text.ToString());
            return true;
        }
        var unknown = _given.Keys.Where(k => !_declared.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new CommandLineException($"{_command}: unknown option --{unknown[0]}; known options: {string.Join(", ", _declared.Select(d => "--" + d))}.");
        return false;
    }

    private T Read<T>(string name, T fallback, string help, string expected, Func<string, object?> parse) where T : notnull
    {
        string shown = fallback is double d ? d.ToString(CultureInfo.InvariantCulture) : fallback.ToString()!;
        Declare(name, $"  --{name} <{expected}>", $"{help} (default: {shown})");
        if (!_given.TryGetValue(name, out string? value)) return fallback;
        if (value is null) throw new CommandLineException($"{_command}: --{name} needs a value: {expected}.");
        object? parsed = parse(value);
        return parsed is T t ? t : throw new CommandLineException($"{_command}: --{name} must be {expected} (got '{value}').");
    }

    private void Declare(string name, string usage, string help)
    {
        _declared.Add(name);
        _help.Add($"{usage,-36} {help}");
    }
}
