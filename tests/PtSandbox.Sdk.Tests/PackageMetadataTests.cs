using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PtSandbox.Sdk.Tests;

/// <summary>
/// Where the plugin and the package come from: the schema's pluginDownloadURL, repository and homepage, the SDK's
/// pulumi-plugin.json (whose "server" tells the engine where to download the plugin on first use) and the NuGet
/// project's URLs all name the same repository; the NuGet package carries what Pulumi's codegen puts in it; and the
/// Node.js package (sdk/nodejs/package.json) has the schema's package name, version and plugin server.
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

    [Fact]
    public void Node_package_name_version_and_plugin_server_are_the_schemas()
    {
        var version = File.ReadAllText(Path.Combine(RepoPaths.SdkDir, "version.txt")).Trim();
        NodePackageMetadata.Compare(new PulumiSchema(Schema.Value), version, NodePackageMetadata.Load(), File.ReadAllText(NodePackageMetadata.ExampleLock))
            .Should().BeEmpty();
        // npm's @pulumi scope is Pulumi Corporation's: the package is published under the project's owner.
        Schema.Value["language"]!["nodejs"]!["packageName"]!.GetValue<string>().Should().StartWith("@pulumi-ptsandbox/");
    }

    [Fact]
    public void Make_version_stamps_the_version_into_every_file_that_carries_it()
    {
        // On a copy of the Makefile and the files `make version` writes, so the repository is not touched.
        var dir = Directory.CreateTempSubdirectory("ptsandbox-version-").FullName;
        try
        {
            string[] stamped =
            [
                "Makefile", "sdk/dotnet/version.txt", "sdk/dotnet/pulumi-plugin.json", "provider/schema.json",
                "sdk/nodejs/package.json", "sdk/nodejs/package-lock.json", "examples/typescript/package-lock.json",
            ];
            foreach (var file in stamped)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, file))!);
                File.Copy(Path.Combine(RepoPaths.Root, file), Path.Combine(dir, file));
            }

            var make = Process.Start(new ProcessStartInfo("make", ["--no-print-directory", "version", "VERSION=9.8.7"])
            {
                WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true,
            })!;
            var output = make.StandardOutput.ReadToEnd() + make.StandardError.ReadToEnd();
            make.WaitForExit();
            make.ExitCode.Should().Be(0, output);

            File.ReadAllText(Path.Combine(dir, "sdk/dotnet/version.txt")).Trim().Should().Be("9.8.7");
            JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "sdk/dotnet/pulumi-plugin.json")))!["version"]!.GetValue<string>().Should().Be("9.8.7");
            var schema = PulumiSchema.Load(Path.Combine(dir, "provider/schema.json"));
            schema.Version.Should().Be("9.8.7");
            var nodeFiles = new Dictionary<string, string>(NodePackageMetadata.Load())
            {
                ["package.json"] = File.ReadAllText(Path.Combine(dir, "sdk/nodejs/package.json")),
                ["package-lock.json"] = File.ReadAllText(Path.Combine(dir, "sdk/nodejs/package-lock.json")),
            };
            NodePackageMetadata.Compare(schema, "9.8.7", nodeFiles, File.ReadAllText(Path.Combine(dir, "examples/typescript/package-lock.json")))
                .Should().BeEmpty();
            // Only the version lines change: each file keeps its formatting.
            foreach (var file in stamped.Skip(1))
            {
                var before = File.ReadAllLines(Path.Combine(RepoPaths.Root, file));
                var after = File.ReadAllLines(Path.Combine(dir, file));
                after.Length.Should().Be(before.Length, file);
                before.Zip(after).Where(p => p.First != p.Second).Should().OnlyContain(p => p.Second.Contains("9.8.7"), file);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
