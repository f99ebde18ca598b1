using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ProviderHost.Generators;
using ProviderHost.Resources;
using ProviderHost.Tests.TestResources;
using ProviderHost.Typed;
using ProviderHost.Values;

namespace ProviderHost.Tests.Typed;

/// <summary>What the source generator makes of declarations: schema, decoding and encoding, and the errors it reports.</summary>
public class GeneratorTests
{
    [Fact]
    public void The_schema_is_derived_from_the_declaration()
    {
        var schema = ((ICustomResource)new Widget()).Schema;

        var inputs = schema["inputProperties"]!.AsObject();
        inputs.Select(p => p.Key).Should().Equal("name", "password", "size", "tags");
        inputs["name"]!["willReplaceOnChanges"]!.GetValue<bool>().Should().BeTrue();
        inputs["password"]!["secret"]!.GetValue<bool>().Should().BeTrue();
        inputs["size"]!["type"]!.GetValue<string>().Should().Be("number");
        inputs["size"]!["default"]!.GetValue<double>().Should().Be(1);
        inputs["tags"]!["additionalProperties"]!["type"]!.GetValue<string>().Should().Be("string");
        schema["requiredInputs"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("name");
        schema["properties"]!["key"]!["secret"]!.GetValue<bool>().Should().BeTrue();
        schema["required"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("key", "name", "serial");
        schema["stateInputs"]!["properties"]!.AsObject().Count.Should().Be(6);
    }

    [Fact]
    public void Decoding_reports_each_failure_on_its_property_path_and_tracks_unknown_and_secret_paths()
    {
        var scope = new DecodeScope();
        var args = WidgetArgs.Shape.Read(PropertyMap.Empty
            .Set("name", PropertyValue.Secret(PropertyValue.From("w")))
            .Set("size", PropertyValue.Computed)
            .Set("tags", PropertyValue.From(PropertyMap.Empty.Set("ok", PropertyValue.From("x")).Set("bad.key", PropertyValue.From(1))))
            .Set("colour", PropertyValue.From("red")), scope);

        scope.Failures.Select(f => (f.Property, f.Reason)).Should().BeEquivalentTo([
            ("colour", "unknown property; WidgetArgs takes name, size, tags, password"),
            ("tags[\"bad.key\"]", "must be a string, not number"),
        ]);
        args.Name.Should().Be("w");
        scope.IsSecret("name").Should().BeTrue();
        scope.IsKnown("size").Should().BeFalse();
        scope.IsKnown("tags.ok").Should().BeTrue();
        scope.IsKnown("tags[\"bad.key\"]").Should().BeFalse();
    }

    [Fact]
    public void Rules_name_one_item_of_any_element_type_without_an_article()
    {
        var ids = new PropertySpec("ids", PropertyType.ArrayOf(PropertyType.Integer), Required: true) { MinItems = 1, UniqueItems = true };
        var (empty, twice) = (new DecodeScope(), new DecodeScope());

        ids.WithinLimits(PropertyValue.From(Array.Empty<PropertyValue>()), "ids", empty);
        ids.CheckContent(PropertyValue.From([PropertyValue.From(1), PropertyValue.From(1)]), "ids", twice);

        empty.Failures.Single().Reason.Should().Be("must hold at least one integer");
        twice.Failures.Single().Should().Be(new CheckFailure("ids[1]", "duplicate integer"));
        PropertyType.Integer.Noun.Should().Be("an integer");
        PropertyType.ObjectOf(WidgetArgs.Shape).Noun.Should().Be("an object");
        PropertyType.MapOf(PropertyType.String).Noun.Should().Be("a map of strings");
    }

    [Fact]
    public void Encoding_leaves_out_absent_optionals_and_marks_declared_secrets()
    {
        var encoded = WidgetState.Shape.Write(new WidgetState(new WidgetArgs { Name = "w", Size = 2 }) { Serial = "W-1", Key = "k" });

        encoded.Keys.Should().Equal("key", "name", "serial", "size");
        encoded["key"].Should().Be(PropertyValue.Secret(PropertyValue.From("k")));
        encoded["size"].Should().Be(PropertyValue.From(2));
    }

    [Fact]
    public void A_property_of_an_unsupported_type_is_a_compile_error_naming_it()
    {
        var diagnostics = Generate("""
            using ProviderHost.Typed;
            namespace Sample;
            [Properties]
            public partial record Thing
            {
                [Property] public int Count { get; init; }
                [Property] public string Name { get; init; } = "";
            }
            """);

        diagnostics.Should().ContainSingle(d => d.Severity == DiagnosticSeverity.Error)
            .Which.GetMessage().Should().Contain("ProviderHost: Thing.Count: type int is not supported");
    }

    [Fact]
    public void A_Pattern_that_names_no_GeneratedRegex_method_is_a_compile_error()
    {
        var diagnostics = Generate("""
            using ProviderHost.Typed;
            namespace Sample;
            [Properties]
            public partial record Thing
            {
                [Property(Pattern = "^[a-z]+$")] public string Name { get; init; } = "";
            }
            """);

        diagnostics.Should().ContainSingle(d => d.Severity == DiagnosticSeverity.Error)
            .Which.GetMessage().Should().Contain("ProviderHost: Thing.Name: Pattern must name a static [GeneratedRegex] method of Thing");
    }

    [Fact]
    public void A_resource_not_deriving_from_CustomResource_is_a_compile_error()
    {
        var diagnostics = Generate("""
            using ProviderHost.Typed;
            namespace Sample;
            [Resource("pkg:index:Thing")]
            public partial class Thing { }
            """);

        diagnostics.Should().Contain(d => d.Severity == DiagnosticSeverity.Error && d.GetMessage().Contains("Thing must derive from ProviderHost.Typed.CustomResource<,>"));
    }

    [Fact]
    public void A_well_formed_declaration_compiles_cleanly_with_its_generated_shape()
    {
        var diagnostics = Generate("""
            using System.Collections.Generic;
            using ProviderHost.Typed;
            namespace Sample;
            [Enum("pkg:index:Colour")]
            public static partial class Colour { [EnumValue("Red.")] public const string Red = "red"; }
            [Properties(TypeToken = "pkg:index:Part")]
            public sealed partial record Part { [Property] public long Count { get; init; } }
            [Properties]
            public sealed partial record Thing
            {
                [Property(Enum = typeof(Colour))] public IReadOnlyList<string> Colours { get; init; } = [];
                [Property] public IReadOnlyDictionary<string, Part>? Parts { get; init; }
                [Property] public bool? Enabled { get; init; }
            }
            """);

        diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Should().BeEmpty();
    }

    /// <summary>Runs the generator on <paramref name="source"/> and compiles the result: every diagnostic.</summary>
    private static IReadOnlyList<Diagnostic> Generate(string source)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(ResourceAttribute).Assembly.Location)
            .Select(path => MetadataReference.CreateFromFile(path));
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create("Sample", [CSharpSyntaxTree.ParseText(source, options)],
            references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        CSharpGeneratorDriver.Create([new ShapeGenerator().AsSourceGenerator()], parseOptions: options)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return [.. generatorDiagnostics, .. output.GetDiagnostics()];
    }
}
