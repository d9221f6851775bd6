using System.Globalization;
using System.Text.RegularExpressions;
using GmcRL.Config;

namespace GmcRL.Tests.Cli.Runs;

/// <summary>docs/reliability.md's table of limits is the one the config checks.</summary>
public class ReliabilityPageTests
{
    [Fact]
    public void The_page_lists_every_bound_with_its_value()
    {
        string page = Repository.Text("docs/reliability.md");
        var rows = Regex.Matches(page, @"^\| (?<keys>`[^|]+`) \| (?<max>[\d,]+)", RegexOptions.Multiline)
            .SelectMany(m => Regex.Matches(m.Groups["keys"].Value, "`([^`]+)`").Select(k =>
                (Key: k.Groups[1].Value, Max: long.Parse(m.Groups["max"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture))))
            .ToList();
        Assert.Equal(Limits.Bounds.Select(b => b.Key).Order(), rows.Select(r => r.Key).Order());
        foreach (var (key, max, _, _) in Limits.Bounds) Assert.Contains((key, max), rows);
    }
}
