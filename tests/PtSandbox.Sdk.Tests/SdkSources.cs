using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PtSandbox.Sdk.Tests;

/// <summary>A type declared in the SDK sources, with its namespace and the file it came from.</summary>
internal sealed record SdkType(string Namespace, string Name, TypeDeclarationSyntax Decl, string File)
{
    public string FullName => Namespace + "." + Name;

    public IReadOnlyList<string> BaseTypes =>
        Decl.BaseList?.Types.Select(t => Syn.Norm(t.Type)).ToList() ?? new List<string>();
}

/// <summary>
/// The C# files of sdk/dotnet, parsed with Roslyn as plain syntax trees. Nothing is compiled: the Pulumi
/// package is not available here, so only the shape of the code is inspected.
/// </summary>
internal sealed class SdkSources
{
    private SdkSources(IReadOnlyDictionary<string, string> files)
    {
        Files = files;
        var types = new List<SdkType>();
        foreach (var (path, text) in files.Where(f => f.Key.EndsWith(".cs", StringComparison.Ordinal)))
        {
            var unit = CSharpSyntaxTree.ParseText(text, path: path).GetCompilationUnitRoot();
            var errors = unit.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                throw new InvalidOperationException($"{path} does not parse: {string.Join("; ", errors)}");
            }

            foreach (var decl in unit.DescendantNodes().OfType<TypeDeclarationSyntax>())
            {
                var ns = string.Join(".", decl.Ancestors().OfType<BaseNamespaceDeclarationSyntax>()
                    .Reverse().Select(n => n.Name.ToString()));
                var outer = decl.Ancestors().OfType<TypeDeclarationSyntax>().Reverse().Select(t => t.Identifier.Text);
                var name = string.Join(".", outer.Append(decl.Identifier.Text));
                types.Add(new SdkType(ns, name, decl, path));
            }
        }

        Types = types;
    }

    /// <summary>Relative path (with '/') to file text, for every file under sdk/dotnet except bin/ and obj/.</summary>
    public IReadOnlyDictionary<string, string> Files { get; }

    public IReadOnlyList<SdkType> Types { get; }

    public static SdkSources Load(string dir)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(dir, file).Replace('\\', '/');
            if (rel.StartsWith("bin/", StringComparison.Ordinal) || rel.StartsWith("obj/", StringComparison.Ordinal))
            {
                continue;
            }

            files[rel] = File.ReadAllText(file);
        }

        return new SdkSources(files);
    }

    /// <summary>A copy with one exact piece of text replaced in one file (used to prove the checks can fail).</summary>
    public SdkSources WithEdit(string file, string oldText, string newText)
    {
        var text = Files[file];
        if (!text.Contains(oldText, StringComparison.Ordinal))
        {
            throw new ArgumentException($"{file} does not contain {oldText}");
        }

        var copy = new SortedDictionary<string, string>(Files.ToDictionary(f => f.Key, f => f.Value), StringComparer.Ordinal)
        {
            [file] = text.Replace(oldText, newText, StringComparison.Ordinal),
        };
        return new SdkSources(copy);
    }

    public SdkType? Find(string ns, string name) =>
        Types.FirstOrDefault(t => t.Namespace == ns && t.Name == name);

    public IEnumerable<SdkType> InNamespace(string ns) => Types.Where(t => t.Namespace == ns && !t.Name.Contains('.'));
}

/// <summary>Small syntax helpers.</summary>
internal static class Syn
{
    /// <summary>Source text of a node without any whitespace, for comparing type names and expressions.</summary>
    public static string Norm(SyntaxNode? node) =>
        node is null ? string.Empty : new string(node.ToString().Where(c => !char.IsWhiteSpace(c)).ToArray());

    public static string Norm(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());

    private static string AttrName(AttributeSyntax a)
    {
        var name = a.Name.ToString();
        var cut = Math.Max(name.LastIndexOf('.'), name.LastIndexOf(':'));
        name = name[(cut + 1)..];
        return name.EndsWith("Attribute", StringComparison.Ordinal) ? name[..^"Attribute".Length] : name;
    }

    public static IEnumerable<AttributeSyntax> Attributes(SyntaxList<AttributeListSyntax> lists, string name) =>
        lists.SelectMany(l => l.Attributes).Where(a => AttrName(a) == name);

    public static AttributeSyntax? Attribute(SyntaxList<AttributeListSyntax> lists, string name) =>
        Attributes(lists, name).FirstOrDefault();

    public static string? StringLiteral(ExpressionSyntax? e) =>
        e is LiteralExpressionSyntax l && l.IsKind(SyntaxKind.StringLiteralExpression) ? l.Token.ValueText : null;

    /// <summary>The positional string argument at <paramref name="index"/> of an attribute.</summary>
    public static string? PositionalString(AttributeSyntax a, int index = 0)
    {
        var positional = a.ArgumentList?.Arguments.Where(x => x.NameColon is null && x.NameEquals is null).ToList();
        return positional is not null && positional.Count > index ? StringLiteral(positional[index].Expression) : null;
    }

    /// <summary>A named (name: value) boolean argument of an attribute; false when absent.</summary>
    public static bool NamedBool(AttributeSyntax a, string name) =>
        a.ArgumentList?.Arguments.Any(x => x.NameColon?.Name.Identifier.Text == name && x.Expression.IsKind(SyntaxKind.TrueLiteralExpression)) == true;

    public static bool IsStatic(MemberDeclarationSyntax m) => m.Modifiers.Any(SyntaxKind.StaticKeyword);

    public static bool IsPublic(MemberDeclarationSyntax m) => m.Modifiers.Any(SyntaxKind.PublicKeyword);

    public static string FieldName(FieldDeclarationSyntax f) => f.Declaration.Variables[0].Identifier.Text;

    /// <summary>Every string literal inside an object/collection initializer assigned to <paramref name="property"/>.</summary>
    public static ISet<string> InitializerStrings(SyntaxNode scope, string property)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assignment in scope.DescendantNodes().OfType<AssignmentExpressionSyntax>())
        {
            if (assignment.Left is IdentifierNameSyntax id && id.Identifier.Text == property)
            {
                foreach (var lit in assignment.Right.DescendantNodesAndSelf().OfType<LiteralExpressionSyntax>())
                {
                    if (StringLiteral(lit) is { } s)
                    {
                        set.Add(s);
                    }
                }
            }
        }

        return set;
    }
}
