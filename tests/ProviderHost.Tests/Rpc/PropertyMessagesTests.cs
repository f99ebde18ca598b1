extern alias testing;

using System.Buffers;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ProviderHost.Rpc;
using ProviderHost.Values;
using testing::Pulumirpc;

namespace ProviderHost.Tests.Rpc;

/// <summary>
/// The host reads and writes the property maps of requests and replies itself (<see cref="PropertyMessages"/>):
/// what it decodes must be what <see cref="PropertyMarshaller.ToPropertyMap"/> makes of protobuf's parse, and what it
/// writes must parse to what <see cref="PropertyMarshaller.ToStruct"/> makes.
/// </summary>
public class PropertyMessagesTests
{
    private static readonly int[] CheckFields = [CheckRequest.OldsFieldNumber, CheckRequest.NewsFieldNumber];

    private static Struct Object(params (string Key, Value Value)[] fields)
    {
        var s = new Struct();
        foreach (var (key, value) in fields) s.Fields[key] = value;
        return s;
    }

    private static Value Special(string signature, params (string Key, Value Value)[] fields) =>
        Value.ForStruct(Object([(Sentinels.SignatureKey, Value.ForString(signature)), .. fields]));

    /// <summary>Every kind of value the engine sends, at several depths, with strings short and long.</summary>
    private static Struct Everything()
    {
        var longAscii = new string('a', 5000);
        var longCyrillic = string.Concat(Enumerable.Repeat("жёлтый ", 400));
        var longWithEmoji = string.Concat(Enumerable.Repeat("🔑x", 300));
        return Object(
            ("null", Value.ForNull()),
            ("true", Value.ForBool(true)),
            ("false", Value.ForBool(false)),
            ("number", Value.ForNumber(-1.5e300)),
            ("nan", Value.ForNumber(double.NaN)),
            ("empty", Value.ForString("")),
            ("short", Value.ForString("token-name")),
            ("edge", Value.ForString(new string('b', StructDecoder.LongStringBytes - 1))),
            ("edge+1", Value.ForString(new string('b', StructDecoder.LongStringBytes))),
            ("ascii", Value.ForString(longAscii)),
            ("cyrillic", Value.ForString(longCyrillic)),
            ("emoji", Value.ForString(longWithEmoji)),
            ("unknown", Value.ForString(Sentinels.UnknownString)),
            ("unknownBool", Value.ForString("1c4a061d-8072-4f0a-a4cb-0ff528b18fe7")),
            ("notUnknown", Value.ForString("04da6b54-80e4-46f7-96ec-b56ff0331ba8")),
            ("list", Value.ForList(Value.ForString("a"), Value.ForNumber(1), Value.ForNull(), Value.ForList(), Value.ForString(longAscii))),
            ("emptyObject", Value.ForStruct(new Struct())),
            ("secret", Special(Sentinels.SecretSignature, ("value", Value.ForString(longCyrillic)))),
            ("secretWithoutValue", Special(Sentinels.SecretSignature)),
            ("output", Special(Sentinels.OutputValueSignature, ("value", Value.ForNumber(3)), ("secret", Value.ForBool(true)),
                ("dependencies", Value.ForList(Value.ForString("urn:x"))))),
            ("unknownOutput", Special(Sentinels.OutputValueSignature)),
            ("asset", Special(PassThroughSignatures.Asset, ("hash", Value.ForString("00")), ("text", Value.ForString(longAscii)))),
            ("reference", Special(PassThroughSignatures.ResourceReference, ("urn", Value.ForString("urn:pulumi:a::b::c::d")), ("id", Value.ForString("")))),
            ("oddSignature", Value.ForStruct(Object((Sentinels.SignatureKey, Value.ForNumber(1)), ("x", Value.ForString("y"))))),
            ("longSignature", Value.ForStruct(Object((Sentinels.SignatureKey, Value.ForString(longAscii))))),
            ("sentinelSignature", Value.ForStruct(Object((Sentinels.SignatureKey, Value.ForString(Sentinels.UnknownString))))),
            (longCyrillic, Value.ForString("a long key")),
            ("nested", Value.ForStruct(Object(
                ("inner", Special(Sentinels.SecretSignature, ("value", Value.ForStruct(Object(("deep", Value.ForString(Sentinels.UnknownString))))))),
                ("list", Value.ForList(Special(Sentinels.SecretSignature, ("value", Value.ForList(Value.ForNumber(1), Value.ForString(longWithEmoji))))))))));
    }

    /// <summary>The bytes as gRPC hands them over: in small buffers, so values span buffer boundaries.</summary>
    private static ReadOnlySequence<byte> InPieces(byte[] bytes, int pieceBytes = 7)
    {
        if (bytes.Length == 0) return ReadOnlySequence<byte>.Empty;
        Piece? first = null, last = null;
        for (var offset = 0; offset < bytes.Length; offset += pieceBytes)
        {
            var piece = new Piece(bytes.AsMemory(offset, Math.Min(pieceBytes, bytes.Length - offset)), offset);
            if (first is null) first = piece;
            else last!.Append(piece);
            last = piece;
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Piece : ReadOnlySequenceSegment<byte>
    {
        public Piece(ReadOnlyMemory<byte> memory, long offset)
        {
            Memory = memory;
            RunningIndex = offset;
        }

        public void Append(Piece next) => Next = next;
    }

    private sealed class Payload(ReadOnlySequence<byte> bytes) : DeserializationContext
    {
        public override int PayloadLength => (int)bytes.Length;
        public override byte[] PayloadAsNewBuffer() => bytes.ToArray();
        public override ReadOnlySequence<byte> PayloadAsReadOnlySequence() => bytes;
    }

    private sealed class Output : SerializationContext
    {
        public ArrayBufferWriter<byte> Written { get; } = new();
        public int? DeclaredLength { get; private set; }
        public override void Complete(byte[] payload) => throw new NotSupportedException();
        public override void SetPayloadLength(int payloadLength) => DeclaredLength = payloadLength;
        public override IBufferWriter<byte> GetBufferWriter() => Written;
        public override void Complete() { }
    }

    private static RpcRequest<T> Decode<T>(IMessage message, MessageParser<T> parser, int[] fields, int pieceBytes = 7)
        where T : class, IMessage<T> =>
        PropertyMessages.Requests("Check", parser, fields).ContextualDeserializer(new Payload(InPieces(message.ToByteArray(), pieceBytes)));

    private static byte[] Encode<T>(RpcReply<T> reply) where T : class, IMessage<T>
    {
        var output = new Output();
        PropertyMessages.Replies<T>().ContextualSerializer(reply, output);
        output.DeclaredLength.Should().Be(output.Written.WrittenCount, "the declared payload length is the gRPC frame's");
        return output.Written.WrittenSpan.ToArray();
    }

    [Fact]
    public void A_request_decodes_to_what_the_protobuf_parse_makes()
    {
        var request = new CheckRequest
        {
            Urn = "urn:pulumi:dev::p::ptsandbox:index:ApiToken::x", Name = "x", Type = "ptsandbox:index:ApiToken",
            Olds = Object(("previous", Value.ForString("p"))), News = Everything(),
            RandomSeed = ByteString.CopyFrom(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()),
        };

        foreach (var pieceBytes in new[] { 1, 7, 4096, int.MaxValue })
        {
            var decoded = Decode(request, CheckRequest.Parser, CheckFields, pieceBytes);

            decoded[CheckRequest.NewsFieldNumber].Equals(PropertyMarshaller.ToPropertyMap(request.News)).Should().BeTrue();
            decoded[CheckRequest.NewsFieldNumber].ToString().Should().Be(PropertyMarshaller.ToPropertyMap(request.News).ToString());
            decoded[CheckRequest.OldsFieldNumber].Equals(PropertyMarshaller.ToPropertyMap(request.Olds)).Should().BeTrue();
            decoded.Message.Urn.Should().Be(request.Urn);
            decoded.Message.RandomSeed.Should().Equal(request.RandomSeed);
            decoded.Message.Olds.Should().BeNull("the property fields are decoded by the host, not left in the message");
        }
    }

    [Fact]
    public void Absent_property_fields_are_empty_maps_and_a_repeated_field_merges_as_protobuf_merges()
    {
        var first = new CheckRequest { News = Object(("a", Value.ForString("1")), ("b", Value.ForString("2"))) }.ToByteArray();
        var second = new CheckRequest { News = Object(("b", Value.ForString("3")), ("c", Value.ForString("4"))) }.ToByteArray();
        var merged = CheckRequest.Parser.ParseFrom([.. first, .. second]);

        var decoded = PropertyMessages.Requests("Check", CheckRequest.Parser, CheckFields).ContextualDeserializer(new Payload(new([.. first, .. second])));

        decoded[CheckRequest.NewsFieldNumber].Equals(PropertyMarshaller.ToPropertyMap(merged.News)).Should().BeTrue();
        decoded[CheckRequest.NewsFieldNumber]["b"].StringValue.Should().Be("3");
        decoded[CheckRequest.OldsFieldNumber].Should().BeSameAs(PropertyMap.Empty);
    }

    [Fact]
    public void Long_strings_stay_UTF8_and_behave_as_strings()
    {
        var text = string.Concat(Enumerable.Repeat("ключ-🔑-", 100));
        var decoded = Decode(new CheckRequest { News = Object(("comment", Value.ForString(text))) }, CheckRequest.Parser, CheckFields);
        var value = decoded[CheckRequest.NewsFieldNumber]["comment"];

        value.Utf8.Should().NotBeNull("a long string is kept as the UTF-8 it arrived in");
        value.StringValue.Should().Be(text);
        value.StringLength.Should().Be(text.Length);
        value.Equals(PropertyValue.From(text)).Should().BeTrue();
        PropertyValue.From(text).Equals(value).Should().BeTrue();
        value.GetHashCode().Should().Be(PropertyValue.From(text).GetHashCode());
        value.Equals(PropertyValue.From(text + "x")).Should().BeFalse();
        value.Equals(PropertyValue.From(text[..^1] + "y")).Should().BeFalse();
        value.Equals(PropertyValue.From(text[..^2] + "\ud83d")).Should().BeFalse("a lone surrogate equals no UTF-8 text");
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public void A_string_that_is_not_UTF8_is_refused_as_protobuf_refuses_it(byte[] invalid)
    {
        foreach (var length in new[] { 8, StructDecoder.LongStringBytes + 8 })
        {
            var content = Enumerable.Repeat((byte)'a', length - invalid.Length).Concat(invalid).ToArray();
            var request = WithRawComment(content);

            FluentActions.Invoking(() => CheckRequest.Parser.ParseFrom(request)).Should().Throw<InvalidProtocolBufferException>();
            var act = () => PropertyMessages.Requests("Check", CheckRequest.Parser, CheckFields).ContextualDeserializer(new Payload(new(request)));
            act.Should().Throw<RpcException>().Which.Status.Should().Be(new Status(StatusCode.InvalidArgument, "Check: the request cannot be decoded: a string is not valid UTF-8"));
        }
    }

    /// <summary>A CheckRequest whose news hold <c>comment</c>: a string of these bytes, valid UTF-8 or not.</summary>
    private static byte[] WithRawComment(byte[] content)
    {
        static byte[] Field(int number, byte[] body) => [(byte)(number << 3 | 2), .. Varint(body.Length), .. body];
        var value = Field(3, content);
        var entry = Field(1, "comment"u8.ToArray()).Concat(Field(2, value)).ToArray();
        return Field(CheckRequest.NewsFieldNumber, Field(1, entry));
    }

    private static byte[] Varint(int value)
    {
        var bytes = new List<byte>();
        var v = (uint)value;
        while (v >= 0x80)
        {
            bytes.Add((byte)(v | 0x80));
            v >>= 7;
        }
        bytes.Add((byte)v);
        return [.. bytes];
    }

    [Fact]
    public void Nesting_is_refused_exactly_where_protobuf_refuses_it()
    {
        static Struct Nested(int depth) =>
            depth == 0 ? Object(("bottom", Value.ForString("x"))) : Object(("d", Value.ForStruct(Nested(depth - 1))));

        var accepted = Enumerable.Range(20, 20).Last(d => Parses(Nested(d)));
        var refused = accepted + 1;

        Decode(new CheckRequest { News = Nested(accepted) }, CheckRequest.Parser, CheckFields)[CheckRequest.NewsFieldNumber]
            .Equals(PropertyMarshaller.ToPropertyMap(Nested(accepted))).Should().BeTrue();
        var act = () => Decode(new CheckRequest { News = Nested(refused) }, CheckRequest.Parser, CheckFields);
        act.Should().Throw<RpcException>().Which.Status.Detail.Should().StartWith("Check: the request cannot be decoded: values are nested deeper");

        static bool Parses(Struct news)
        {
            try
            {
                CheckRequest.Parser.ParseFrom(new CheckRequest { News = news }.ToByteArray());
                return true;
            }
            catch (InvalidProtocolBufferException)
            {
                return false;
            }
        }
    }

    [Fact]
    public void Unknown_fields_and_kinds_are_skipped_as_protobuf_skips_them()
    {
        var value = Value.ForString("kept");
        var withUnknown = value.ToByteArray().Concat(new byte[] { 0x38, 0x05, 0x45, 1, 2, 3, 4, 0x7A, 0x01, 0x00 }).ToArray();
        var news = Object(("a", Value.Parser.ParseFrom(withUnknown)));
        var bytes = new CheckRequest { News = news }.ToByteArray();

        var decoded = Decode(CheckRequest.Parser.ParseFrom(bytes), CheckRequest.Parser, CheckFields);

        decoded[CheckRequest.NewsFieldNumber]["a"].StringValue.Should().Be("kept");
    }

    [Fact]
    public void A_request_whose_values_would_cost_many_times_its_size_is_refused_with_a_clear_error()
    {
        var many = new Struct();
        for (var i = 0; i < 100_000; i++) many.Fields["k" + i] = Value.ForString("v");
        var dense = new CheckRequest { News = Object(("rotationTriggers", Value.ForStruct(many))) };

        var act = () => Decode(dense, CheckRequest.Parser, CheckFields, pieceBytes: 4096);

        var status = act.Should().Throw<RpcException>().Which.Status;
        status.StatusCode.Should().Be(StatusCode.ResourceExhausted);
        status.Detail.Should().MatchRegex(@"^Check: the request holds too many values: decoding its 1\.\d MiB would take more than the 2\.\d MiB " +
            @"this provider allows \(1\.5 times a request's size plus 256 KiB\); send fewer, longer values$");

        var few = new Struct();
        for (var i = 0; i < 1_000; i++) few.Fields["k" + i] = Value.ForString("v");
        Decode(new CheckRequest { News = Object(("rotationTriggers", Value.ForStruct(few))) }, CheckRequest.Parser, CheckFields)
            [CheckRequest.NewsFieldNumber]["rotationTriggers"].ObjectValue.Count.Should().Be(1_000);
    }

    [Fact]
    public void Huge_fields_outside_the_property_maps_count_against_the_budget_too()
    {
        var act = () => Decode(new CheckRequest { Urn = new string('u', 1 << 20) }, CheckRequest.Parser, CheckFields, pieceBytes: 4096);
        act.Should().Throw<RpcException>().Which.Status.StatusCode.Should().Be(StatusCode.ResourceExhausted);
    }

    [Fact]
    public void A_reply_parses_to_what_protobuf_would_have_written()
    {
        var everything = PropertyMarshaller.ToPropertyMap(Everything());
        var decodedEverything = Decode(new CheckRequest { News = Everything() }, CheckRequest.Parser, CheckFields)[CheckRequest.NewsFieldNumber];
        var reply = new ReadResponse { Id = "42" };

        foreach (var map in new[] { everything, decodedEverything, PropertyMap.Empty })
        {
            var bytes = Encode(new RpcReply<ReadResponse>(reply, (ReadResponse.PropertiesFieldNumber, map), (ReadResponse.InputsFieldNumber, PropertyMap.Empty)));
            var parsed = ReadResponse.Parser.ParseFrom(bytes);

            parsed.Id.Should().Be("42");
            parsed.Properties.Should().Be(PropertyMarshaller.ToStruct(map));
            parsed.Inputs.Should().NotBeNull("an empty map is still a present field").And.Be(new Struct());
        }
        ReadResponse.Parser.ParseFrom(Encode(new RpcReply<ReadResponse>(new ReadResponse { Id = "" }))).Properties
            .Should().BeNull("a reply without a map leaves the field unset");
    }

    [Fact]
    public void A_lone_surrogate_in_a_reply_becomes_U_FFFD_as_protobuf_writes_it()
    {
        var map = Props.Map(("bad", "a\ud800b"));
        var byProtobuf = Struct.Parser.ParseFrom(PropertyMarshaller.ToStruct(map).ToByteArray());

        var parsed = CheckResponse.Parser.ParseFrom(Encode(new RpcReply<CheckResponse>(new CheckResponse(), (CheckResponse.InputsFieldNumber, map))));

        parsed.Inputs.Fields["bad"].StringValue.Should().Be("a\ufffdb").And.Be(byProtobuf.Fields["bad"].StringValue);
    }

    [Fact]
    public void A_secret_reply_value_is_wrapped_as_the_engine_expects()
    {
        var map = Props.Map(("token", Props.Secret("s3cret")), ("list", new object?[] { Props.Secret(1), PropertyValue.Computed }));
        var parsed = CheckResponse.Parser.ParseFrom(Encode(new RpcReply<CheckResponse>(new CheckResponse(), (CheckResponse.InputsFieldNumber, map))));

        parsed.Inputs.Fields["token"].StructValue.Fields[Sentinels.SignatureKey].StringValue.Should().Be(Sentinels.SecretSignature);
        parsed.Inputs.Fields["list"].ListValue.Values[1].StringValue.Should().Be(Sentinels.UnknownString);
        PropertyMarshaller.ToPropertyMap(parsed.Inputs).Equals(map).Should().BeTrue();
    }
}
