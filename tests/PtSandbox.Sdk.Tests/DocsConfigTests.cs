using System.Text.Json.Nodes;

namespace PtSandbox.Sdk.Tests;

/// <summary>
/// docs/installation-configuration.md documents every configuration key of provider/schema.json with the
/// environment variable the schema gives it (the provider's <c>defaultInfo.environment</c>) and its default, in
/// the row of the configuration table that names the key.
/// </summary>
public sealed class DocsConfigTests
{
    private static string ConfigDoc => Path.Combine(RepoPaths.Root, "docs", "installation-configuration.md");

    [Fact]
    public void Installation_configuration_documents_every_config_key_with_its_environment_variable()
    {
        var schema = PulumiSchema.Load(RepoPaths.Schema);
        schema.ConfigVariables.Should().NotBeEmpty();

        string.Join("\n", MissingConfigKeys(schema, File.ReadAllText(ConfigDoc))).Should().BeEmpty();
    }

    [Fact]
    public void A_missing_key_or_environment_variable_is_reported()
    {
        var schema = PulumiSchema.Load(RepoPaths.Schema);
        var doc = File.ReadAllText(ConfigDoc);

        var withoutHost = string.Join("\n", doc.Split('\n').Where(l => !l.Contains("`ptsandbox:host`", StringComparison.Ordinal)));
        MissingConfigKeys(schema, withoutHost).Should().ContainSingle().Which.Should().Contain("ptsandbox:host");

        var wrongEnv = doc.Replace("`PTSANDBOX_CA_CERT`", "`PTSANDBOX_CA_CERTIFICATE`", StringComparison.Ordinal);
        MissingConfigKeys(schema, wrongEnv).Should().ContainSingle().Which.Should().Contain("PTSANDBOX_CA_CERT");

        var otherDefault = schema.Clone();
        otherDefault.Root["config"]!["variables"]!["requestTimeout"]!["default"] = "45s";
        MissingConfigKeys(otherDefault, doc).Should().ContainSingle().Which.Should().Contain("`45s`");

        var noEnvInSchema = schema.Clone();
        ((JsonObject)noEnvInSchema.Root["provider"]!["inputProperties"]!["username"]!).Remove("defaultInfo");
        MissingConfigKeys(noEnvInSchema, doc).Should().ContainSingle().Which.Should().Contain("username");
    }

    /// <summary>
    /// One line per config key the Markdown lacks: a table row whose first cell is the key (<c>`ptsandbox:key`</c> or
    /// <c>`key`</c>) must name its environment variable and, when the schema has one, its default, each in backticks.
    /// A key whose schema gives no environment variable is reported too.
    /// </summary>
    private static IReadOnlyList<string> MissingConfigKeys(PulumiSchema schema, string markdown)
    {
        var rows = markdown.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith('|'))
            .Select(l => (FirstCell: l.Split('|')[1].Trim(), Row: l)).ToList();
        var problems = new List<string>();
        foreach (var (key, spec) in schema.ConfigVariables)
        {
            var env = (schema.Provider?["inputProperties"]?[key]?["defaultInfo"]?["environment"] as JsonArray)
                ?.Select(e => e!.GetValue<string>()).ToList() ?? [];
            if (env.Count == 0)
            {
                problems.Add($"config key {key}: the schema's provider.inputProperties.{key}.defaultInfo.environment names no variable");
                continue;
            }

            var row = rows.FirstOrDefault(r => r.FirstCell == $"`ptsandbox:{key}`" || r.FirstCell == $"`{key}`").Row;
            if (row is null)
            {
                problems.Add($"docs/installation-configuration.md: no table row for config key ptsandbox:{key}");
                continue;
            }

            problems.AddRange(env.Where(v => !row.Contains($"`{v}`", StringComparison.Ordinal))
                .Select(v => $"docs/installation-configuration.md: the row of ptsandbox:{key} does not name its environment variable {v}"));
            if (spec["default"] is JsonValue value)
            {
                var text = value.TryGetValue<bool>(out var b) ? (b ? "true" : "false") : value.ToString();
                if (!row.Contains($"`{text}`", StringComparison.Ordinal))
                    problems.Add($"docs/installation-configuration.md: the row of ptsandbox:{key} does not give its default `{text}`");
            }
        }

        return problems;
    }
}
