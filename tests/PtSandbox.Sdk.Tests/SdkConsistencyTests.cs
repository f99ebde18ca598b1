namespace PtSandbox.Sdk.Tests;

/// <summary>
/// The hand-written SDK in sdk/dotnet agrees with provider/schema.json, area by area.
/// A failure message lists every mismatch the comparer found.
/// </summary>
public sealed class SdkConsistencyTests
{
    private static readonly Lazy<PulumiSchema> Schema = new(() => PulumiSchema.Load(RepoPaths.Schema));
    private static readonly Lazy<SdkSources> Sdk = new(() => SdkSources.Load(RepoPaths.SdkDir));

    private static SdkSchemaComparer Comparer => new(Schema.Value, Sdk.Value);

    [Fact]
    public void Repository_root_holds_the_schema_and_the_sdk()
    {
        File.Exists(RepoPaths.Schema).Should().BeTrue();
        Directory.Exists(RepoPaths.SdkDir).Should().BeTrue();
        Sdk.Value.Types.Should().NotBeEmpty();
    }

    [Fact]
    public void Every_resource_matches_its_class_args_state_and_secrets() =>
        Comparer.CompareResources().Should().BeEmpty();

    [Fact]
    public void Provider_matches_inputs_defaults_environment_and_secrets() =>
        Comparer.CompareProvider().Should().BeEmpty();

    [Fact]
    public void Every_function_matches_its_invokes_args_and_result() =>
        Comparer.CompareFunctions().Should().BeEmpty();

    [Fact]
    public void Every_enum_and_object_type_matches_its_generated_type() =>
        Comparer.CompareTypes().Should().BeEmpty();

    [Fact]
    public void Config_class_reads_every_config_variable() =>
        Comparer.CompareConfig().Should().BeEmpty();

    [Fact]
    public void Plugin_manifest_version_project_and_headers_agree() =>
        Comparer.CompareMetadata().Should().BeEmpty();

    [Fact]
    public void Schema_has_what_this_check_expects()
    {
        // Guards against a schema so empty that every comparison passes vacuously.
        Schema.Value.Resources.Should().NotBeEmpty();
        Schema.Value.Functions.Should().NotBeEmpty();
        Schema.Value.EnumTypes.Should().NotBeEmpty();
        Schema.Value.ObjectTypes.Should().NotBeEmpty();
        Schema.Value.ConfigVariables.Should().NotBeEmpty();
        Schema.Value.Provider.Should().NotBeNull();
    }
}
