using System.Reflection;
using System.Text.RegularExpressions;

namespace GmcRL.Tests.Api;

/// <summary>docs/scripts.md lists the library's public surface: every member of the scripting API (namespace GmcRL)
/// and every other public type of the library. A public change that the page does not show fails here, with the list
/// to paste.</summary>
public sealed class PublicSurfaceTests
{
    [Fact]
    public void The_scripts_page_lists_the_public_surface_as_it_is()
    {
        string page = Repository.Text("docs/scripts.md").Replace("\r\n", "\n");
        var block = Regex.Match(page, "## The public surface\n(?:.*\n)*?```text\n(?<list>(?:.*\n)*?)```");
        Assert.True(block.Success, "docs/scripts.md has no '## The public surface' section with a ```text block");
        string actual = string.Join("\n", Surface()) + "\n";
        Assert.True(block.Groups["list"].Value == actual,
            "docs/scripts.md's public surface differs from the library's; if the change is meant, paste this list in its place:\n" + actual);
    }

    [Fact]
    public void The_listing_sees_a_change_of_signature()
    {
        // The listing writes parameter types and names, so a renamed or retyped parameter shows.
        var lines = Surface().ToList();
        Assert.Contains("  static Env Make(string id, int? frameStack, int? episodeSteps, int? evaluationSteps, int? collectResetEvery)", lines);
        Assert.Contains("class GmcRL.Config.RunConfig", lines);
    }

    private static IEnumerable<string> Surface()
    {
        var types = typeof(Env).Assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal);
        foreach (var type in types)
        {
            if (type.Namespace != "GmcRL")
            {
                yield return $"{Kind(type)} {type.FullName}";
                continue;
            }
            yield return $"{Kind(type)} {type.FullName}" + (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) ? $" : {Name(b)}" : "");
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (string member in type.GetMembers(flags).Select(Describe).OfType<string>().Order(StringComparer.Ordinal))
                yield return "  " + member;
        }
    }

    private static string Kind(Type t) => t.IsEnum ? "enum" : t.IsInterface ? "interface" : t.IsValueType ? "struct"
        : typeof(Delegate).IsAssignableFrom(t) ? "delegate" : t.IsAbstract && t.IsSealed ? "static class" : t.IsAbstract ? "abstract class" : "class";

    // One line per member; accessors, record plumbing and object's overrides are left out.
    private static string? Describe(MemberInfo m) => m switch
    {
        ConstructorInfo c => $"new({Parameters(c)})",
        PropertyInfo p when p.Name != "EqualityContract" => $"{(p.GetMethod?.IsStatic == true ? "static " : "")}{Name(p)} {p.Name} {{ {(p.CanRead ? "get; " : "")}{Setter(p)}}}",
        MethodInfo x when !x.IsSpecialName && !Plumbing.Contains(x.Name) =>
            $"{(x.IsStatic ? "static " : "")}{(x.IsAbstract ? "abstract " : x.IsVirtual && !x.IsFinal && x.GetBaseDefinition() == x ? "virtual " : "")}{Name(x.ReturnType)} {x.Name}({Parameters(x)})",
        FieldInfo f => $"{(f.IsStatic ? "static " : "")}{Name(f.FieldType)} {f.Name}",
        _ => null,
    };

    private static readonly HashSet<string> Plumbing = ["Equals", "GetHashCode", "ToString", "PrintMembers", "<Clone>$", "Deconstruct"];

    private static string Setter(PropertyInfo p) => p.SetMethod?.IsPublic != true ? ""
        : p.SetMethod.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(System.Runtime.CompilerServices.IsExternalInit)) ? "init; " : "set; ";

    private static string Name(PropertyInfo p) =>
        !p.PropertyType.IsValueType && new NullabilityInfoContext().Create(p).ReadState == NullabilityState.Nullable ? Name(p.PropertyType) + "?" : Name(p.PropertyType);

    private static string Parameters(MethodBase m) => string.Join(", ", m.GetParameters().Select(p => $"{Name(p.ParameterType, p)} {p.Name}"));

    private static string Name(Type t, ParameterInfo? p = null)
    {
        if (p is not null && new NullabilityInfoContext().Create(p).ReadState == NullabilityState.Nullable && !t.IsValueType) return Name(t) + "?";
        if (Nullable.GetUnderlyingType(t) is { } inner) return Name(inner) + "?";
        if (t.IsArray) return Name(t.GetElementType()!) + "[]";
        if (t.IsByRef) return Name(t.GetElementType()!);
        string name = Keywords.TryGetValue(t, out var k) ? k : t.Name;
        if (!t.IsGenericType) return name;
        if (t.FullName?.StartsWith("System.ValueTuple`", StringComparison.Ordinal) == true)
            return $"({string.Join(", ", t.GetGenericArguments().Select(a => Name(a)))})";
        return $"{name[..name.IndexOf('`')]}<{string.Join(", ", t.GetGenericArguments().Select(a => Name(a)))}>";
    }

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(int)] = "int", [typeof(long)] = "long", [typeof(double)] = "double", [typeof(float)] = "float",
        [typeof(bool)] = "bool", [typeof(string)] = "string", [typeof(void)] = "void", [typeof(object)] = "object",
    };
}
