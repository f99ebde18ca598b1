using Google.Protobuf.WellKnownTypes;
using ProviderHost.Values;

namespace ProviderHost.Tests.Values;

public class PropertyMarshallerTests
{
    private static Value SecretObject(Value inner)
    {
        var s = new Struct();
        s.Fields[Sentinels.SignatureKey] = Value.ForString(Sentinels.SecretSignature);
        s.Fields["value"] = inner;
        return Value.ForStruct(s);
    }

    [Fact]
    public void An_output_values_dependencies_and_secrecy_travel_with_the_value()
    {
        var output = new Struct();
        output.Fields[Sentinels.SignatureKey] = Value.ForString(Sentinels.OutputValueSignature);
        output.Fields["value"] = Value.ForString("v");
        output.Fields["secret"] = Value.ForBool(true);
        output.Fields["dependencies"] = Value.ForList(Value.ForString("urn:a"), Value.ForString("urn:b"));

        var value = PropertyMarshaller.ToPropertyValue(Value.ForStruct(output));

        value.StringValue.Should().Be("v");
        value.IsSecret.Should().BeTrue();
        value.Dependencies.Should().Equal("urn:a", "urn:b");
        value.Unsecret().Dependencies.Should().Equal("urn:a", "urn:b");
        PropertyValue.From("v").Dependencies.Should().BeEmpty();
    }

    [Fact]
    public void Nested_secrets_unknowns_and_nulls_round_trip()
    {
        var map = Props.Map(
            ("plain", "x"),
            ("number", 42),
            ("flag", true),
            ("nothing", null),
            ("secret", Props.Secret("hunter2")),
            ("unknown", PropertyValue.Computed),
            ("list", new object?[] { "a", Props.Secret(new object?[] { 1, PropertyValue.Computed }), null }),
            ("nested", new Dictionary<string, object?> { ["inner"] = Props.Secret(new Dictionary<string, object?> { ["deep"] = PropertyValue.Computed }) }));

        var wire = PropertyMarshaller.ToStruct(map);
        var back = PropertyMarshaller.ToPropertyMap(wire);

        back.Should().BeEquivalentTo(map, o => o.WithStrictOrdering());
        back.Equals(map).Should().BeTrue();
        wire.Fields["secret"].StructValue.Fields[Sentinels.SignatureKey].StringValue.Should().Be(Sentinels.SecretSignature);
        wire.Fields["unknown"].StringValue.Should().Be(Sentinels.UnknownString);
        wire.Fields["nothing"].KindCase.Should().Be(Value.KindOneofCase.NullValue);
        wire.Fields["number"].NumberValue.Should().Be(42d);
    }

    [Theory]
    [InlineData("04da6b54-80e4-46f7-96ec-b56ff0331ba9")]
    [InlineData("1c4a061d-8072-4f0a-a4cb-0ff528b18fe7")]
    [InlineData("3eeb2bf0-c639-47a8-9e75-3b44932eb421")]
    [InlineData("6a19a0b0-7e62-4c92-b797-7f8e31da9cc2")]
    [InlineData("030794c1-ac77-496b-92df-f27374a8bd58")]
    [InlineData("e48ece36-62e2-4504-bad9-02848725956a")]
    [InlineData("dd056dcd-154b-4c76-9bd3-c8f88648b5ff")]
    public void Every_unknown_sentinel_decodes_as_computed_at_any_depth(string sentinel)
    {
        var deep = new Struct();
        deep.Fields["list"] = Value.ForList(Value.ForString("ok"), SecretObject(Value.ForString(sentinel)));
        var top = new Struct();
        top.Fields["direct"] = Value.ForString(sentinel);
        top.Fields["deep"] = Value.ForStruct(deep);

        var map = PropertyMarshaller.ToPropertyMap(top);

        map["direct"].IsComputed.Should().BeTrue();
        var inner = map["deep"].ObjectValue["list"].ArrayValue[1];
        inner.IsSecret.Should().BeTrue();
        inner.Unsecret().IsComputed.Should().BeTrue();
        map.ContainsKey("direct").Should().BeTrue();
        map["deep"].ContainsComputed().Should().BeTrue();
    }

    [Fact]
    public void A_string_that_merely_looks_like_a_guid_is_a_string()
    {
        var s = new Struct();
        s.Fields["id"] = Value.ForString("04da6b54-80e4-46f7-96ec-b56ff0331ba8");
        PropertyMarshaller.ToPropertyMap(s)["id"].StringValue.Should().Be("04da6b54-80e4-46f7-96ec-b56ff0331ba8");
    }

    [Fact]
    public void Output_values_decode_to_unknown_or_secret()
    {
        Value Output(Value? inner, bool secret)
        {
            var s = new Struct();
            s.Fields[Sentinels.SignatureKey] = Value.ForString(Sentinels.OutputValueSignature);
            if (inner is not null) s.Fields["value"] = inner;
            if (secret) s.Fields["secret"] = Value.ForBool(true);
            return Value.ForStruct(s);
        }
        var top = new Struct();
        top.Fields["unknown"] = Output(null, false);
        top.Fields["secretKnown"] = Output(Value.ForString("v"), true);
        top.Fields["plainKnown"] = Output(Value.ForString("v"), false);

        var map = PropertyMarshaller.ToPropertyMap(top);

        map["unknown"].IsComputed.Should().BeTrue();
        map["secretKnown"].Should().Be(PropertyValue.Secret(PropertyValue.From("v")));
        map["plainKnown"].Should().Be(PropertyValue.From("v"));
    }

    [Fact]
    public void Assets_and_resource_references_round_trip_verbatim()
    {
        var asset = new Struct();
        asset.Fields[Sentinels.SignatureKey] = Value.ForString(PassThroughSignatures.Asset);
        asset.Fields["hash"] = Value.ForString("abc");
        asset.Fields["text"] = Value.ForString("hello");
        var top = new Struct();
        top.Fields["asset"] = Value.ForStruct(asset);

        var map = PropertyMarshaller.ToPropertyMap(top);
        map["asset"].Kind.Should().Be(PropertyValueKind.Special);
        PropertyMarshaller.ToStruct(map).Should().Be(top);
    }

    [Fact]
    public void Without_secret_support_secrets_are_sent_plain()
    {
        var wire = PropertyMarshaller.ToStruct(Props.Map(("p", Props.Secret(new object?[] { Props.Secret("x") }))), keepSecrets: false);
        wire.Fields["p"].ListValue.Values[0].StringValue.Should().Be("x");
    }

    [Fact]
    public void Secret_wrapping_is_idempotent_and_printing_hides_it()
    {
        var secret = PropertyValue.Secret(PropertyValue.Secret(PropertyValue.From("hunter2")));
        secret.Unsecret().Kind.Should().Be(PropertyValueKind.String);
        Props.Map(("p", secret)).ToString().Should().NotContain("hunter2");
    }

    [Theory]
    [InlineData(new object[] { "name" }, "name")]
    [InlineData(new object[] { "permissions", 2 }, "permissions[2]")]
    [InlineData(new object[] { "rotationTriggers", "schedule" }, "rotationTriggers.schedule")]
    [InlineData(new object[] { "rotationTriggers", "a.b" }, "rotationTriggers[\"a.b\"]")]
    [InlineData(new object[] { "m", "quote\"d", 0 }, "m[\"quote\\\"d\"][0]")]
    [InlineData(new object[] { "m", "line\n" }, "m[\"line\n\"]")]
    [InlineData(new object[] { "m", "_$x9" }, "m._$x9")]
    [InlineData(new object[] { "m", "9x" }, "m[\"9x\"]")]
    [InlineData(new object[] { "m", "" }, "m[\"\"]")]
    [InlineData(new object[] { "m", "é" }, "m[\"é\"]")]
    public void Property_paths_are_formatted_as_the_engine_parses_them(object[] segments, string expected)
    {
        PropertyPath.Format(segments).Should().Be(expected);
        segments.Aggregate("", (path, segment) => segment is int index ? PropertyPath.Append(path, index) : PropertyPath.Append(path, (string)segment))
            .Should().Be(expected, "appending a segment at a time gives the same path");
    }
}
