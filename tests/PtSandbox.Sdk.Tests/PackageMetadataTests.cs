using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PtSandbox.Sdk.Tests;

/// <summary>
/// Where the plugin and the package come from: the schema's pluginDownloadURL, repository and homepage, the SDK's
/// pulumi-plugin.json (whose "server" tells the engine where to download the plugin on first use) and the NuGet
/// project's URLs all name the same repository; and the NuGet package carries what Pulumi's codegen puts in it.
/// </summary>
public sealed class PackageMetadataTests
{
    private static readonly Lazy<JsonObject> Schema = new(() => (JsonObject)JsonNode.Parse(File.ReadAllText(RepoPaths.Schema))!);
    private static readonly Lazy<JsonObject> Plugin =
        new(() => (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.SdkDir, "pulumi-plugin.json")))!);
    private static readonly Lazy<XDocument> Project = new(() => XDocument.Load(Path.Combine(RepoPaths.SdkDir, "Pulumi.PtSandbox.csproj")));

    private static string? Str(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string? Property(string name) =>
        Project.Value.Descendants().FirstOrDefault(e => e.Name.LocalName == name && !e.HasElements)?.Value.Trim();

    private static IEnumerable<XElement> Items(string kind, string include) =>
        Project.Value.Descendants().Where(e => e.Name.LocalName == kind && (string?)e.Attribute("Include") == include);

    [Fact]
    public void Schema_names_a_github_download_location_for_this_repository()
    {
        var url = Str(Schema.Value, "pluginDownloadURL");
        var match = Regex.Match(url ?? "", @"^github://api\.github\.com/(?<owner>[A-Za-z0-9][A-Za-z0-9-]*)/pulumi-ptsandbox$");
        match.Success.Should().BeTrue($"pluginDownloadURL must be github://api.github.com/<owner>/pulumi-ptsandbox, is {url}");

        var repository = $"https://github.com/{match.Groups["owner"].Value}/pulumi-ptsandbox";
        Str(Schema.Value, "repository").Should().Be(repository);
        Str(Schema.Value, "homepage").Should().Be(repository);
    }

    [Fact]
    public void Sdk_plugin_manifest_points_the_engine_at_the_schemas_download_location()
    {
        Str(Plugin.Value, "server").Should().NotBeNullOrEmpty().And.Be(Str(Schema.Value, "pluginDownloadURL"));
        Plugin.Value["resource"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public void Plugin_name_and_version_agree_across_schema_manifest_and_version_file()
    {
        var version = File.ReadAllText(Path.Combine(RepoPaths.SdkDir, "version.txt")).Trim();
        Str(Plugin.Value, "name").Should().Be("ptsandbox").And.Be(Str(Schema.Value, "name"));
        Str(Plugin.Value, "version").Should().Be(version).And.Be(Str(Schema.Value, "version"));
    }

    [Fact]
    public void Nuget_project_urls_and_license_are_the_schemas()
    {
        Property("PackageProjectUrl").Should().Be(Str(Schema.Value, "homepage"));
        Property("RepositoryUrl").Should().Be(Str(Schema.Value, "repository"));
        Property("PackageLicenseExpression").Should().Be(Str(Schema.Value, "license")).And.Be("Apache-2.0");
        File.ReadAllText(Path.Combine(RepoPaths.Root, "LICENSE")).Should().Contain("Apache License").And.Contain("Version 2.0, January 2004");
    }

    [Theory]
    [InlineData("pulumi-plugin.json")]
    [InlineData("version.txt")]
    public void Nuget_package_embeds_and_packs_the_file_the_sdk_reads_at_run_time(string file)
    {
        // As pulumi-language-dotnet's codegen writes it: an embedded resource (Utilities reads version.txt from the
        // assembly; the engine reads the manifest) and a copy under content/ in the package.
        File.Exists(Path.Combine(RepoPaths.SdkDir, file)).Should().BeTrue();
        Items("EmbeddedResource", file).Should().ContainSingle($"{file} is embedded");
        Items("None", file).Should().ContainSingle(e => (string?)e.Attribute("Pack") == "True" && (string?)e.Attribute("PackagePath") == "content",
            $"{file} is packed under content/");
    }

    [Fact]
    public void Nuget_package_carries_the_sdk_readme()
    {
        Property("PackageReadmeFile").Should().Be("README.md");
        File.Exists(Path.Combine(RepoPaths.SdkDir, "README.md")).Should().BeTrue();
        Items("None", "README.md").Should().ContainSingle(e => (string?)e.Attribute("Pack") == "True" && (string?)e.Attribute("PackagePath") == "\\",
            "PackageReadmeFile names a file at the package root");
    }

    [Fact]
    public void Nuget_package_version_comes_from_the_version_file()
    {
        Property("Version").Should().Contain("version.txt");
        Property("IsPackable").Should().Be("true");
    }
}
