using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PtSandbox.Sdk.Tests;

/// <summary>
/// The C# snippets of the repository's Markdown files, checked as a reader pastes them into a project made by
/// Pulumi's C# template, which has no implicit usings: every .NET type a snippet names must be imported by the
/// snippet itself. Each snippet is compiled against .NET's own assemblies alone; a name the compiler cannot
/// bind that is a .NET type is reported with the using it needs. Other missing names (Pulumi's, the SDK's) are
/// not this check's business.
/// </summary>
internal static partial class ReadmeSnippets
{
    /// <summary>Namespaces a snippet must import itself (Pulumi's template imports none of them).</summary>
    private static readonly string[] DotNetNamespaces =
        ["System", "System.Collections.Generic", "System.Linq", "System.IO", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static readonly Lazy<CSharpCompilation> DotNet = new(() => CSharpCompilation.Create("dotnet",
        references: ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll"))
            .Select(p => MetadataReference.CreateFromFile(p))));

    [GeneratedRegex(@"^```(?:csharp|cs|c#)[ \t]*\r?\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    /// <summary>Every Markdown file of the repository outside build output and node_modules.</summary>
    public static IEnumerable<string> MarkdownFiles(string root) =>
        Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories)
            .Where(p => !Path.GetRelativePath(root, p).Split(Path.DirectorySeparatorChar)
                .Any(part => part is "node_modules" or "bin" or "obj" or ".git" or "build"))
            .Order(StringComparer.Ordinal);

    /// <summary>One line per .NET type a snippet of <paramref name="markdown"/> uses without importing it.</summary>
    public static IReadOnlyList<string> MissingUsings(string markdown, string where)
    {
        var problems = new List<string>();
        foreach (Match block in CSharpBlock().Matches(markdown))
        {
            var line = markdown[..block.Index].Count(c => c == '\n') + 1;
            foreach (var (name, ns) in MissingUsings(block.Groups[1].Value))
                problems.Add($"{where}, C# snippet at line {line}: uses {name} without `using {ns};`");
        }
        return problems;
    }

    private static IEnumerable<(string Name, string Namespace)> MissingUsings(string snippet)
    {
        var tree = CSharpSyntaxTree.ParseText(snippet, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = DotNet.Value.AddSyntaxTrees(tree)
            .WithOptions(new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        var model = compilation.GetSemanticModel(tree);
        var found = new HashSet<(string, string)>();
        // Every name that stands for itself (not after a dot, not a member set in an initializer or a named argument)
        // and that the compiler cannot bind. Diagnostics would miss some: inside a lambda passed to an unknown method,
        // such as Pulumi's, none is reported, though the names are still bound.
        foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
        {
            if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name
                || name.Parent is QualifiedNameSyntax qualified && qualified.Right == name
                || name.Parent is AliasQualifiedNameSyntax or NameColonSyntax or NameEqualsSyntax
                || name.Parent is AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax } assignment && assignment.Left == name
                || model.GetSymbolInfo(name) is { Symbol: not null } or { CandidateSymbols.Length: > 0 })
                continue;
            var arity = name is GenericNameSyntax generic ? generic.TypeArgumentList.Arguments.Count : 0;
            foreach (var ns in DotNetNamespaces)
            {
                if (Namespace(compilation, ns)?.GetTypeMembers(name.Identifier.Text, arity).Any(t => t.DeclaredAccessibility == Accessibility.Public) == true
                    && found.Add((name.Identifier.Text, ns)))
                    yield return (name.Identifier.Text, ns);
            }
        }
    }

    private static INamespaceSymbol? Namespace(Compilation compilation, string name) =>
        name.Split('.').Aggregate((INamespaceSymbol?)compilation.GlobalNamespace,
            (ns, part) => ns?.GetNamespaceMembers().FirstOrDefault(n => n.Name == part));
}
