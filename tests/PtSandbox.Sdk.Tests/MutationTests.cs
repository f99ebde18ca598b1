using System.Text.Json.Nodes;

namespace PtSandbox.Sdk.Tests;

/// <summary>
/// Proves the comparison can fail: each test feeds it a schema (or SDK text) with one deliberate
/// change and expects a mismatch that names what changed. The real files are never modified.
/// </summary>
public sealed class MutationTests
{
    private const string ApiToken = "ptsandbox:index:ApiToken";
    private const string GetApiTokens = "ptsandbox:index:getApiTokens";

    private static readonly Lazy<PulumiSchema> Schema = new(() => PulumiSchema.Load(RepoPaths.Schema));
    private static readonly Lazy<SdkSources> Sdk = new(() => SdkSources.Load(RepoPaths.SdkDir));

    private static PulumiSchema Mutate(Action<JsonObject> change)
    {
        var copy = Schema.Value.Clone();
        change(copy.Root);
        return copy;
    }

    private static JsonObject Obj(JsonNode? node) => node as JsonObject ?? throw new InvalidOperationException("schema shape changed");

    private static JsonArray Arr(JsonObject parent, string key)
    {
        if (parent[key] is not JsonArray array)
        {
            array = new JsonArray();
            parent[key] = array;
        }

        return array;
    }

    private static void Rename(JsonObject map, string from, string to)
    {
        var value = map[from] ?? throw new InvalidOperationException($"{from} not found");
        map.Remove(from);
        map[to] = value;
    }

    private static void RenameInList(JsonArray list, string from, string to)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i]?.GetValue<string>() == from)
            {
                list[i] = to;
            }
        }
    }

    [Fact]
    public void Unmutated_schema_and_sdk_agree() =>
        new SdkSchemaComparer(Schema.Value, Sdk.Value).CompareAll().Should().BeEmpty();

    [Fact]
    public void Renamed_resource_output_is_reported()
    {
        var schema = Mutate(root =>
        {
            var res = Obj(root["resources"]?[ApiToken]);
            Rename(Obj(res["properties"]), "createdAt", "creationTime");
            RenameInList(Arr(res, "required"), "createdAt", "creationTime");
        });

        var errors = new SdkSchemaComparer(schema, Sdk.Value).CompareResources();

        errors.Should().Contain(e => e.Contains("`creationTime`", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("[Output(\"createdAt\")] is not an output", StringComparison.Ordinal));
    }

    [Fact]
    public void Resource_output_made_required_is_reported()
    {
        var schema = Mutate(root => Arr(Obj(root["resources"]?[ApiToken]), "required").Add("comment"));

        new SdkSchemaComparer(schema, Sdk.Value).CompareResources()
            .Should().Contain(e => e.Contains("output `comment` is Output<string?>, expected Output<string>", StringComparison.Ordinal));
    }

    [Fact]
    public void Input_made_required_is_reported()
    {
        var schema = Mutate(root => Arr(Obj(root["resources"]?[ApiToken]), "requiredInputs").Add("comment"));

        new SdkSchemaComparer(schema, Sdk.Value).CompareResources()
            .Should().Contain(e => e.Contains("[Input(\"comment\")] says required: false", StringComparison.Ordinal));
    }

    [Fact]
    public void Renamed_input_is_reported()
    {
        var schema = Mutate(root =>
        {
            var res = Obj(root["resources"]?[ApiToken]);
            Rename(Obj(res["inputProperties"]), "rotationTriggers", "keepers");
        });

        var errors = new SdkSchemaComparer(schema, Sdk.Value).CompareResources();

        errors.Should().Contain(e => e.Contains("input `keepers` has no [Input(\"keepers\")]", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("[Input(\"rotationTriggers\")] is not an input of the schema", StringComparison.Ordinal));
    }

    [Fact]
    public void Changed_property_type_is_reported()
    {
        var schema = Mutate(root =>
            Obj(root["resources"]?[ApiToken]?["properties"]?["tokenId"])["type"] = "string");

        new SdkSchemaComparer(schema, Sdk.Value).CompareResources()
            .Should().Contain(e => e.Contains("output `tokenId` is Output<int>, expected Output<string>", StringComparison.Ordinal));
    }

    [Fact]
    public void Output_no_longer_secret_is_reported()
    {
        var schema = Mutate(root =>
        {
            Obj(root["resources"]?[ApiToken]?["properties"]?["token"]).Remove("secret");
            Obj(root["resources"]?[ApiToken]?["stateInputs"]?["properties"]?["token"]).Remove("secret");
        });

        var errors = new SdkSchemaComparer(schema, Sdk.Value).CompareResources();

        errors.Should().Contain(e => e.Contains("AdditionalSecretOutputs is [token]", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("input `token` is not secret in the schema", StringComparison.Ordinal));
    }

    [Fact]
    public void ReplaceOnChanges_must_list_the_schemas_willReplaceOnChanges_outputs()
    {
        var sdk = Sdk.Value.WithEdit("ApiToken.cs", "                    \"comment\",\n", string.Empty);

        new SdkSchemaComparer(Schema.Value, sdk).CompareResources()
            .Should().Contain(e => e.Contains("ReplaceOnChanges is [name, permissions], the schema's willReplaceOnChanges outputs are [comment, name, permissions]", StringComparison.Ordinal));
        new SdkSchemaComparer(Schema.Value, Sdk.Value).CompareResources().Should().BeEmpty();
    }

    [Fact]
    public void Missing_secret_wrapping_in_the_sdk_is_reported()
    {
        var sdk = Sdk.Value
            .WithEdit("ApiToken.cs", "                    \"token\",\n", string.Empty)
            .WithEdit("Provider.cs", "var emptySecret = Output.CreateSecret(0);", "var emptySecret = Output.Create(0);");

        var comparer = new SdkSchemaComparer(Schema.Value, sdk);

        comparer.CompareResources().Should().Contain(e => e.Contains("AdditionalSecretOutputs is []", StringComparison.Ordinal));
        comparer.CompareProvider().Should().Contain(e => e.Contains("secret input `password` must wrap", StringComparison.Ordinal));
        comparer.CompareConfig().Should().Contain(e => e.Contains("ProviderArgs.Password must wrap", StringComparison.Ordinal));
    }

    [Fact]
    public void Wrong_wire_name_in_the_sdk_is_reported()
    {
        var sdk = Sdk.Value.WithEdit("ApiToken.cs", "[Output(\"tokenHash\")]", "[Output(\"tokenhash\")]");

        new SdkSchemaComparer(Schema.Value, sdk).CompareResources()
            .Should().Contain(e => e.Contains("output `tokenHash` has no [Output(\"tokenHash\")] property", StringComparison.Ordinal));
    }

    [Fact]
    public void Renamed_function_output_is_reported()
    {
        var schema = Mutate(root =>
        {
            var outputs = Obj(root["functions"]?[GetApiTokens]?["outputs"]);
            Rename(Obj(outputs["properties"]), "total", "count");
            RenameInList(Arr(outputs, "required"), "total", "count");
        });

        new SdkSchemaComparer(schema, Sdk.Value).CompareFunctions()
            .Should().Contain(e => e.Contains("field `public readonly int Count;` is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Function_input_made_required_is_reported()
    {
        var schema = Mutate(root => Arr(Obj(root["functions"]?[GetApiTokens]?["inputs"]), "required").Add("name"));

        var errors = new SdkSchemaComparer(schema, Sdk.Value).CompareFunctions();

        errors.Should().Contain(e => e.Contains("missing `public static Task<GetApiTokensResult> InvokeAsync(GetApiTokensArgs args", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("[Input(\"name\")] says required: false", StringComparison.Ordinal));
    }

    [Fact]
    public void Changed_function_token_is_reported()
    {
        var sdk = Sdk.Value.WithEdit("GetApiTokens.cs",
            "InvokeAsync<GetApiTokensResult>(\"ptsandbox:index:getApiTokens\"",
            "InvokeAsync<GetApiTokensResult>(\"ptsandbox:index:listApiTokens\"");

        new SdkSchemaComparer(Schema.Value, sdk).CompareFunctions()
            .Should().Contain(e => e.Contains("invokes \"ptsandbox:index:listApiTokens\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Changed_enum_value_is_reported()
    {
        var schema = Mutate(root =>
        {
            var values = (JsonArray)root["types"]!["ptsandbox:index:Permission"]!["enum"]!;
            Obj(values[2])["value"] = "TASKS_VIEW_OWN";
        });

        new SdkSchemaComparer(schema, Sdk.Value).CompareTypes()
            .Should().Contain(e => e.Contains("Permission.TasksViewAll has value \"TASKS_VIEW_ALL\", expected \"TASKS_VIEW_OWN\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Object_type_property_made_optional_is_reported()
    {
        var schema = Mutate(root =>
        {
            var required = (JsonArray)root["types"]!["ptsandbox:index:TokenSummary"]!["required"]!;
            required.Remove(required.First(n => n!.GetValue<string>() == "id"));
        });

        var errors = new SdkSchemaComparer(schema, Sdk.Value).CompareTypes();

        errors.Should().Contain(e => e.Contains("field Id is int, expected int?", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("[OutputConstructor] parameters", StringComparison.Ordinal));
    }

    [Fact]
    public void Renamed_provider_environment_variable_is_reported()
    {
        var schema = Mutate(root =>
        {
            var env = (JsonArray)root["provider"]!["inputProperties"]!["host"]!["defaultInfo"]!["environment"]!;
            env[0] = "PTSANDBOX_URL";
        });

        var errors = new SdkSchemaComparer(schema, Sdk.Value).CompareProvider();

        errors.Should().Contain(e => e.Contains("never reads environment variable PTSANDBOX_URL", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("reads environment variable PTSANDBOX_HOST, which no defaultInfo names", StringComparison.Ordinal));
    }

    [Fact]
    public void Changed_provider_default_is_reported()
    {
        var schema = Mutate(root => root["provider"]!["inputProperties"]!["insecureSkipVerify"]!["default"] = true);

        new SdkSchemaComparer(schema, Sdk.Value).CompareProvider()
            .Should().Contain(e => e.Contains("expected `Utilities.GetEnvBoolean(\"PTSANDBOX_INSECURE\")??true`", StringComparison.Ordinal));
    }

    [Fact]
    public void Renamed_config_variable_is_reported()
    {
        var schema = Mutate(root => Rename(Obj(root["config"]?["variables"]), "username", "user"));

        var errors = new SdkSchemaComparer(schema, Sdk.Value).CompareConfig();

        errors.Should().Contain(e => e.Contains("Config.User is missing", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("Config.Username matches no config variable", StringComparison.Ordinal));
    }

    [Fact]
    public void Changed_schema_version_is_reported()
    {
        var schema = Mutate(root => root["version"] = "9.8.7");

        new SdkSchemaComparer(schema, Sdk.Value).CompareMetadata()
            .Should().Contain(e => e.Contains("the schema says 9.8.7", StringComparison.Ordinal));
    }

    [Fact]
    public void Version_written_outside_the_two_stamped_files_is_reported()
    {
        var version = Sdk.Value.Files["version.txt"].Trim();
        var sdk = Sdk.Value.WithEdit("README.md", "## Pulumi.PtSandbox", $"## Pulumi.PtSandbox {version}");

        new SdkSchemaComparer(Schema.Value, sdk).CompareMetadata()
            .Should().Contain(e => e.Contains("README.md carries the version", StringComparison.Ordinal));

        // The Node.js SDK: only its package.json and package-lock.json may carry it.
        var node = new Dictionary<string, string>(NodePackageMetadata.Load());
        node["README.md"] = node["README.md"].Replace("## @pulumi-ptsandbox/ptsandbox", $"## @pulumi-ptsandbox/ptsandbox {version}", StringComparison.Ordinal);
        NodeErrors(node).Should().Contain(e => e.Contains("node: README.md carries the version", StringComparison.Ordinal));
    }

    private static IReadOnlyList<string> NodeErrors(IReadOnlyDictionary<string, string> files, PulumiSchema? schema = null, string? exampleLock = null) =>
        NodePackageMetadata.Compare(schema ?? Schema.Value, Sdk.Value.Files["version.txt"].Trim(), files,
            exampleLock ?? File.ReadAllText(NodePackageMetadata.ExampleLock));

    private static IReadOnlyDictionary<string, string> NodeWithEdit(string file, string oldText, string newText)
    {
        var files = new Dictionary<string, string>(NodePackageMetadata.Load());
        files[file].Should().Contain(oldText);
        files[file] = files[file].Replace(oldText, newText, StringComparison.Ordinal);
        return files;
    }

    [Fact]
    public void Node_package_metadata_agrees_and_each_drift_is_reported()
    {
        NodeErrors(NodePackageMetadata.Load()).Should().BeEmpty();

        NodeErrors(NodeWithEdit("package.json", "\"name\": \"@pulumi-ptsandbox/ptsandbox\"", "\"name\": \"@pulumi/ptsandbox\""))
            .Should().Contain(e => e.Contains("package.json name is @pulumi/ptsandbox, expected @pulumi-ptsandbox/ptsandbox", StringComparison.Ordinal));
        NodeErrors(NodePackageMetadata.Load(), Mutate(root => root["language"]!["nodejs"]!["packageName"] = "@someone/ptsandbox"))
            .Should().Contain(e => e.Contains("expected @someone/ptsandbox", StringComparison.Ordinal));
        NodeErrors(NodePackageMetadata.Load(), Mutate(root => root["pluginDownloadURL"] = "github://api.github.com/someone/pulumi-ptsandbox"))
            .Should().Contain(e => e.Contains("pulumi.server is github://api.github.com/pulumi-ptsandbox/pulumi-ptsandbox, expected github://api.github.com/someone/pulumi-ptsandbox", StringComparison.Ordinal));
        NodeErrors(NodePackageMetadata.Load(), Mutate(root => root["version"] = "9.8.7"))
            .Should().Contain(e => e.Contains("package.json version (schema) is", StringComparison.Ordinal) && e.Contains("expected 9.8.7", StringComparison.Ordinal));
        NodeErrors(NodeWithEdit("package.json", "\"resource\": true", "\"resource\": false"))
            .Should().Contain(e => e.Contains("pulumi.resource must be true", StringComparison.Ordinal));
        NodeErrors(NodeWithEdit("package.json", "\"@pulumi/pulumi\": \"^3.270.0\"", "\"@pulumi/pulumi\": \"^3.0.0\""))
            .Should().Contain(e => e.Contains("dependencies.@pulumi/pulumi is ^3.0.0, expected ^3.270.0", StringComparison.Ordinal));
        var version = Sdk.Value.Files["version.txt"].Trim();
        NodeErrors(NodeWithEdit("package.json", $"        \"version\": \"{version}\"", "        \"version\": \"9.8.7\""))
            .Should().Contain(e => e.Contains("pulumi.version is 9.8.7", StringComparison.Ordinal));
        NodeErrors(NodeWithEdit("package-lock.json", $"\"version\": \"{version}\"", "\"version\": \"9.8.7\""))
            .Should().Contain(e => e.Contains("package-lock.json version is 9.8.7", StringComparison.Ordinal));
        var exampleLock = File.ReadAllText(NodePackageMetadata.ExampleLock);
        var sdkEntry = exampleLock.IndexOf("\"node_modules/@pulumi-ptsandbox/ptsandbox\"", StringComparison.Ordinal);
        sdkEntry.Should().BePositive();
        var staleLock = exampleLock[..sdkEntry] + exampleLock[sdkEntry..].Replace($"\"version\": \"{version}\"", "\"version\": \"9.8.7\"", StringComparison.Ordinal);
        NodeErrors(NodePackageMetadata.Load(), exampleLock: staleLock)
            .Should().Contain(e => e.Contains("examples/typescript/package-lock.json's SDK version is 9.8.7", StringComparison.Ordinal));
    }
    [Fact]
    public void State_nested_object_must_use_the_GetArgs_input_type()
    {
        var sdk = Sdk.Value.WithEdit("ApiToken.cs", "Input<Inputs.TokenEntryPointGetArgs>? EntryPoint", "Input<Inputs.TokenEntryPointArgs>? EntryPoint");

        new SdkSchemaComparer(Schema.Value, sdk).CompareResources()
            .Should().Contain(e => e.Contains("input `entryPoint` is Input<Inputs.TokenEntryPointArgs>?, expected Input<Inputs.TokenEntryPointGetArgs>?", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_input_type_file_is_reported()
    {
        var sdk = Sdk.Value.WithEdit("Inputs/TokenEntryPointGetArgs.cs", "public sealed class TokenEntryPointGetArgs", "public sealed class TokenEntryPointStateArgs");

        var errors = new SdkSchemaComparer(Schema.Value, sdk).CompareTypes();

        errors.Should().Contain(e => e.Contains("class Pulumi.PtSandbox.Inputs.TokenEntryPointGetArgs is missing", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("TokenEntryPointStateArgs", StringComparison.Ordinal));
    }
}
