extern alias testing;

using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using ProviderHost.Resources;
using ProviderHost.Values;
using testing::Pulumirpc;
using static ProviderHost.Values.PropertyMarshaller;

namespace ProviderHost.Tests.Host;

/// <summary>
/// Values through the real wire both ways: what a resource sees of what the engine sends (secrets, unknowns, output
/// values, special objects, at any depth) and what the engine gets of what the resource returns.
/// </summary>
public class MarshallingTests : HostTest
{
    private static Struct Object(params (string Key, Value Value)[] fields)
    {
        var s = new Struct();
        foreach (var (key, value) in fields) s.Fields[key] = value;
        return s;
    }

    private static Value Special(string signature, params (string Key, Value Value)[] fields) =>
        Value.ForStruct(Object([(Sentinels.SignatureKey, Value.ForString(signature)), .. fields]));

    private static readonly string LongText = string.Concat(Enumerable.Repeat("ключ 🔑 key ", 2000));

    private static Struct Everything() => Object(
        ("null", Value.ForNull()),
        ("bool", Value.ForBool(true)),
        ("number", Value.ForNumber(-1.5e300)),
        ("string", Value.ForString("plain")),
        ("long", Value.ForString(LongText)),
        (LongText[..40], Value.ForString("a key that is not ASCII")),
        ("list", Value.ForList(Value.ForString("a"), Value.ForNumber(1), Value.ForNull(), Value.ForList())),
        ("secret", Special(Sentinels.SecretSignature, ("value", Value.ForString("hunter2")))),
        ("unknown", Value.ForString(Sentinels.UnknownString)),
        ("unknownBool", Value.ForString("1c4a061d-8072-4f0a-a4cb-0ff528b18fe7")),
        ("secretOutput", Special(Sentinels.OutputValueSignature, ("value", Value.ForNumber(3)), ("secret", Value.ForBool(true)),
            ("dependencies", Value.ForList(Value.ForString("urn:x"))))),
        ("unknownOutput", Special(Sentinels.OutputValueSignature)),
        ("asset", Special(PassThroughSignatures.Asset, ("hash", Value.ForString("00")), ("text", Value.ForString("contents")))),
        ("reference", Special(PassThroughSignatures.ResourceReference, ("urn", Value.ForString("urn:pulumi:a::b::c::d")), ("id", Value.ForString("")))),
        ("nested", Value.ForStruct(Object(
            ("inner", Special(Sentinels.SecretSignature, ("value", Value.ForStruct(Object(("deep", Value.ForString(Sentinels.UnknownString))))))),
            ("list", Value.ForList(Special(Sentinels.SecretSignature, ("value", Value.ForList(Value.ForNumber(1), Value.ForString(LongText))))))))));

    [Fact]
    public async Task The_resource_sees_each_kind_of_value_decoded_and_the_engine_gets_it_back_as_it_expects()
    {
        CheckArgs? seen = null;
        Test.Probe.Check = (_, args, _) =>
        {
            seen = args;
            return Task.FromResult(CheckResult.Valid(args.News));
        };
        await Test.ConfiguredSessionAsync();
        var request = Check("all", PropertyMap.Empty);
        request.Olds = Object(("previous", Value.ForString("p")));
        request.News = Everything();
        request.RandomSeed = ByteString.CopyFrom(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

        var reply = await Client.CheckAsync(request);

        var news = seen!.News;
        news["null"].IsNull.Should().BeTrue();
        news["long"].StringValue.Should().Be(LongText);
        news[LongText[..40]].StringValue.Should().Be("a key that is not ASCII");
        news["secret"].Should().Be(PropertyValue.Secret(PropertyValue.From("hunter2")));
        news["unknown"].IsComputed.Should().BeTrue();
        news["unknownBool"].IsComputed.Should().BeTrue("every flavour of the unknown sentinel is unknown");
        news["secretOutput"].Should().Be(PropertyValue.Secret(PropertyValue.From(3)), "an output value marked secret is a secret");
        news["unknownOutput"].IsComputed.Should().BeTrue("an output value without a value is unknown");
        news["asset"].Kind.Should().Be(PropertyValueKind.Special);
        news["reference"].Kind.Should().Be(PropertyValueKind.Special);
        var nested = news["nested"].ObjectValue;
        nested["inner"].Unsecret().ObjectValue["deep"].IsComputed.Should().BeTrue();
        nested["list"].ArrayValue[0].Unsecret().ArrayValue[1].StringValue.Should().Be(LongText);
        seen.Olds.Equals(Props.Map(("previous", "p"))).Should().BeTrue();
        seen.RandomSeed.ToArray().Should().Equal(request.RandomSeed.ToByteArray());

        ToPropertyMap(reply.Inputs).Equals(ToPropertyMap(request.News)).Should().BeTrue("what comes back means what was sent");
        var inputs = reply.Inputs.Fields;
        inputs["secret"].Should().Be(request.News.Fields["secret"], "a secret goes back wrapped");
        inputs["secretOutput"].Should().Be(Special(Sentinels.SecretSignature, ("value", Value.ForNumber(3))));
        inputs["unknownBool"].StringValue.Should().Be(Sentinels.UnknownString);
        inputs["asset"].Should().Be(request.News.Fields["asset"], "a special object goes back verbatim");
        inputs["reference"].Should().Be(request.News.Fields["reference"]);
        inputs["nested"].StructValue.Fields["list"].ListValue.Values[0].StructValue.Fields[Sentinels.SignatureKey].StringValue
            .Should().Be(Sentinels.SecretSignature);
    }

    [Fact]
    public async Task Secrets_and_unknowns_a_resource_returns_reach_the_engine_wrapped_at_any_depth()
    {
        var outputs = Props.Map(
            ("token", Props.Secret("t0ken")),
            ("list", new object?[] { "plain", Props.Secret(new object?[] { 1, "two" }), PropertyValue.Computed }),
            ("object", new Dictionary<string, object?> { ["inner"] = Props.Secret(new Dictionary<string, object?> { ["deep"] = "x" }) }));
        Test.Probe.Create = (_, _, _) => Task.FromResult(new CreateResult("id", outputs));
        await Test.ConfiguredSessionAsync();

        var reply = await Client.CreateAsync(Create("x", PropertyMap.Empty, preview: true));

        reply.Properties.Should().Be(ToStruct(outputs));
        var fields = reply.Properties.Fields;
        fields["token"].StructValue.Fields[Sentinels.SignatureKey].StringValue.Should().Be(Sentinels.SecretSignature);
        fields["list"].ListValue.Values[1].StructValue.Fields[Sentinels.SignatureKey].StringValue.Should().Be(Sentinels.SecretSignature);
        fields["list"].ListValue.Values[2].StringValue.Should().Be(Sentinels.UnknownString);
        fields["object"].StructValue.Fields["inner"].StructValue.Fields[Sentinels.SignatureKey].StringValue.Should().Be(Sentinels.SecretSignature);
    }
}
