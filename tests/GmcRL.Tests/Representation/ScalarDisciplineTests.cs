using System.Text.RegularExpressions;

namespace GmcRL.Tests.Representation;

/// <summary>
/// The rule of <c>GmcRL.Representation.Scalars</c>, checked in the library's source: TorchSharp's one-argument
/// <c>add</c>/<c>add_</c> (and <c>a + b</c>) pass an implicit alpha, and a bare number passed where a Scalar goes becomes
/// a temporary Scalar; both are freed by a finalizer that can run while libtorch still reads them. A DQN run on
/// Hyperhot crashed so after 685,000 steps (2026-12-02: "toFloat: Expected false to be true" in the spectrum trunk's
/// <c>magnitude + Floor</c>). Every such call must pass a Scalar that outlives it.
/// </summary>
public sealed partial class ScalarDisciplineTests
{
    // Tensor methods that take Scalars; a digit right after the parenthesis is a temporary Scalar.
    [GeneratedRegex(@"\.(add|add_|sub|sub_|mul|mul_|div|div_|pow|pow_|gt|lt|ge|le|eq|ne|fill_|clamp|clamp_|clamp_min|clamp_max|masked_fill|masked_fill_|addcmul|addcmul_|addcdiv|addcdiv_)\(\s*-?\d")]
    private static partial Regex NumberArgument();

    [GeneratedRegex(@"\.(add|add_)\(")]
    private static partial Regex Addition();

    // A disposable (a tensor) made with the + operator, which adds with an implicit alpha.
    [GeneratedRegex(@"using var \w+ = [^;""]*[^+]\+[^+=]")]
    private static partial Regex PlusOperator();

    private static IEnumerable<string> TorchSources() =>
        Directory.EnumerateFiles(Path.Combine(Repository.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Where(f => File.ReadAllText(f).Contains("TorchSharp", StringComparison.Ordinal));

    [Fact]
    public void Every_addition_passes_its_alpha_and_no_bare_number_becomes_a_scalar()
    {
        var offences = new List<string>();
        foreach (string file in TorchSources())
        {
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i];
                if (line.TrimStart().StartsWith("//", StringComparison.Ordinal)) continue;
                string where = $"{Path.GetRelativePath(Repository.Root, file)}:{i + 1}: {line.Trim()}";
                if (NumberArgument().IsMatch(line) || PlusOperator().IsMatch(line)) offences.Add(where);
                foreach (Match m in Addition().Matches(line))
                    if (ArgumentCount(line, m.Index + m.Length) == 1) offences.Add(where);
            }
        }
        Assert.True(offences.Count == 0, "temporary Scalars (pass Scalars.One as alpha, or a Scalar from Scalars):\n" + string.Join("\n", offences));
    }

    [Fact]
    public void The_check_sees_what_it_forbids()
    {
        Assert.Equal(1, ArgumentCount("x.add_(biases[i]);", "x.add_(".Length));
        Assert.Equal(2, ArgumentCount("x.add_(f(a, b), Scalars.One);", "x.add_(".Length));
        Assert.Equal(1, ArgumentCount("x.add(g(h(a, b)))", "x.add(".Length));
        Assert.Matches(NumberArgument(), "presence.gt(0)");
        Assert.DoesNotMatch(NumberArgument(), "presence.gt(Scalars.Zero)");
        Assert.Matches(PlusOperator(), "using var floored = magnitude + Floor;");
        Assert.DoesNotMatch(PlusOperator(), "using var floored = magnitude.add(Floor, Scalars.One);");
    }

    // Top-level arguments of the call whose '(' ends just before start; a call continued on the next line counts as 2
    // when its first line ends in a comma, else as what this line shows.
    private static int ArgumentCount(string line, int start)
    {
        int depth = 0, commas = 0;
        for (int i = start; i < line.Length; i++)
        {
            char c = line[i];
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}')
            {
                if (depth == 0) return commas + 1;
                depth--;
            }
            else if (c == ',' && depth == 0) commas++;
        }
        return commas + 1 + (line.TrimEnd().EndsWith(',') ? 1 : 0);
    }
}
