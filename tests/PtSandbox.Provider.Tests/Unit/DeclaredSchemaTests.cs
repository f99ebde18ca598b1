using System.Text.Json.Nodes;
using ProviderHost.Resources;
using ProviderHost.Schema;
using PtSandbox.Harness;
using PtSandbox.Provider.ApiTokens;
using PtSandbox.Provider.Configuration;

namespace PtSandbox.Provider.Tests.Unit;

/// <summary>
/// The committed schema, section by section, against what the declarations derive in process (the binary's GetSchema
/// is checked against the whole file by PluginProtocolTests): a declaration that drifts fails here without a build.
/// </summary>
public class DeclaredSchemaTests
{
    private static readonly JsonObject Committed =
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "provider", "schema.json")))!.AsObject();

    [Fact]
    public void The_configuration_sections_come_from_the_ProviderConfig_declaration()
    {
        JsonNode.DeepEquals(ConfigSchema.Variables(), Committed["config"]!["variables"]).Should().BeTrue();
        JsonNode.DeepEquals(ConfigSchema.ProviderInputs(), Committed["provider"]!["inputProperties"]).Should().BeTrue();
        JsonNode.DeepEquals(ConfigSchema.ProviderOutputs(), Committed["provider"]!["properties"]).Should().BeTrue();
    }

    [Fact]
    public void The_resource_function_and_types_come_from_their_declarations()
    {
        var package = PackageSchemaSpec.Build();
        JsonNode.DeepEquals(package["types"], Committed["types"]).Should().BeTrue();
        var connection = new SandboxConnection(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TimeProvider.System, new SecretText.SecretRedactor());
        JsonNode.DeepEquals(PackageSchema.ResourceEntry(new ApiToken(connection)), Committed["resources"]!["ptsandbox:index:ApiToken"]).Should().BeTrue();
        JsonNode.DeepEquals(((IProviderFunction)new GetApiTokens(connection)).Schema, Committed["functions"]!["ptsandbox:index:getApiTokens"]).Should().BeTrue();
    }

    [Fact]
    public void Which_keys_identify_the_sandbox_and_which_replace_is_declared_once()
    {
        ConfigKeys.All.Where(k => k.IdentifiesSandbox).Select(k => k.Name).Should().Equal("host", "username");
        ConfigKeys.All.Where(k => k.ReplacesOnChange).Select(k => k.Name).Should().Equal("host");
        ConfigKeys.All.Where(k => k.Secret).Select(k => k.Name).Should().Equal("password");
        ConfigKeys.All.Select(k => k.EnvironmentVariable).Should().OnlyContain(v => v.StartsWith("PTSANDBOX_"));
    }
}
