namespace PtSandbox.Sdk.Tests;

/// <summary>
/// The C# snippets of the READMEs compile when pasted into a project made by Pulumi's C# template (no implicit
/// usings), as far as .NET's own types go: a missing using is a CS0246 the reader meets first.
/// </summary>
public sealed class ReadmeSnippetTests
{
    [Fact]
    public void Every_csharp_snippet_imports_the_dotnet_namespaces_it_uses()
    {
        var files = ReadmeSnippets.MarkdownFiles(RepoPaths.Root).ToList();
        files.Should().Contain(Path.Combine(RepoPaths.Root, "README.md")).And.Contain(Path.Combine(RepoPaths.SdkDir, "README.md"))
            .And.Contain(Path.Combine(RepoPaths.Root, "docs", "_index.md")).And.Contain(Path.Combine(RepoPaths.Root, "docs", "installation-configuration.md"));

        var problems = files.SelectMany(f => ReadmeSnippets.MissingUsings(File.ReadAllText(f), Path.GetRelativePath(RepoPaths.Root, f)));
        string.Join("\n", problems).Should().BeEmpty();
    }

    [Fact]
    public void A_snippet_using_Dictionary_or_Task_without_its_using_is_reported()
    {
        const string markdown = """
            Text.

            ```csharp
            using Pulumi;

            return await Deployment.RunAsync(async () =>
            {
                await Task.Yield();
                return new Dictionary<string, object?> { ["a"] = 1 };
            });
            ```
            """;

        ReadmeSnippets.MissingUsings(markdown, "X.md").Should().BeEquivalentTo(
            "X.md, C# snippet at line 3: uses Dictionary without `using System.Collections.Generic;`",
            "X.md, C# snippet at line 3: uses Task without `using System.Threading.Tasks;`");
        ReadmeSnippets.MissingUsings(markdown.Replace("using Pulumi;", "using System.Collections.Generic;\nusing System.Threading.Tasks;\nusing Pulumi;", StringComparison.Ordinal), "X.md")
            .Should().BeEmpty();
    }
}
