using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PtSandbox.Sdk.Tests;

/// <summary>
/// The Node.js SDK's package metadata against the schema and the one product version (sdk/dotnet/version.txt):
/// sdk/nodejs/package.json's name (language.nodejs.packageName), version, "pulumi" block (name, version, server = the
/// schema's pluginDownloadURL) and @pulumi/pulumi range, and the lock files that record the version. The version may
/// appear in no other file of sdk/nodejs: `make version` stamps exactly package.json and package-lock.json there.
/// </summary>
internal static class NodePackageMetadata
{
    public static string Dir => Path.Combine(RepoPaths.Root, "sdk", "nodejs");

    public static string ExampleLock => Path.Combine(RepoPaths.Root, "examples", "typescript", "package-lock.json");

    /// <summary>Relative path to text of every file of sdk/nodejs, except node_modules/ and the build output bin/.</summary>
    public static IReadOnlyDictionary<string, string> Load()
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Dir, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(Dir, file).Replace('\\', '/');
            if (!rel.StartsWith("node_modules/", StringComparison.Ordinal) && !rel.StartsWith("bin/", StringComparison.Ordinal))
            {
                files[rel] = File.ReadAllText(file);
            }
        }

        return files;
    }

    public static IReadOnlyList<string> Compare(PulumiSchema schema, string versionTxt, IReadOnlyDictionary<string, string> files, string exampleLockText)
    {
        var errors = new List<string>();
        if (!files.TryGetValue("package.json", out var packageText))
        {
            return ["node: package.json is missing"];
        }

        var package = (JsonObject)JsonNode.Parse(packageText)!;
        var nodejs = schema.Root["language"]?["nodejs"] as JsonObject;
        void Expect(string what, string? actual, string? expected)
        {
            if (actual != expected)
            {
                errors.Add($"node: {what} is {actual ?? "(none)"}, expected {expected ?? "(none)"}");
            }
        }

        Expect("package.json name", Str(package, "name"), Str(nodejs, "packageName"));
        Expect("package.json version", Str(package, "version"), versionTxt);
        Expect("package.json version (schema)", Str(package, "version"), schema.Version);
        var pulumi = package["pulumi"] as JsonObject;
        if (pulumi?["resource"] is not JsonValue r || !r.TryGetValue<bool>(out var isResource) || !isResource)
        {
            errors.Add("node: package.json pulumi.resource must be true");
        }

        Expect("package.json pulumi.name", Str(pulumi, "name"), schema.Name);
        Expect("package.json pulumi.version", Str(pulumi, "version"), versionTxt);
        Expect("package.json pulumi.server", Str(pulumi, "server"), Str(schema.Root, "pluginDownloadURL"));
        foreach (var (dependency, range) in nodejs?["dependencies"] as JsonObject ?? new JsonObject())
        {
            Expect($"package.json dependencies.{dependency}", Str(package["dependencies"] as JsonObject, dependency), range?.GetValue<string>());
        }

        if (files.TryGetValue("package-lock.json", out var lockText))
        {
            var root = (JsonObject)JsonNode.Parse(lockText)!;
            Expect("package-lock.json version", Str(root, "version"), versionTxt);
            Expect("package-lock.json packages[\"\"].version", Str(root["packages"]?[""] as JsonObject, "version"), versionTxt);
        }
        else
        {
            errors.Add("node: package-lock.json is missing");
        }

        var example = (JsonObject)JsonNode.Parse(exampleLockText)!;
        var installed = example["packages"]?["node_modules/" + Str(nodejs, "packageName")] as JsonObject;
        Expect("examples/typescript/package-lock.json's SDK version", Str(installed, "version"), versionTxt);

        var pattern = new Regex(@"(?<![\w.])" + Regex.Escape(versionTxt) + @"(?![\w.])");
        foreach (var (path, text) in files.Where(f => f.Key is not "package.json" and not "package-lock.json"))
        {
            if (pattern.IsMatch(text))
            {
                errors.Add($"node: {path} carries the version {versionTxt}; only package.json and package-lock.json may");
            }
        }

        return errors;
    }

    private static string? Str(JsonObject? o, string key) => o?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
