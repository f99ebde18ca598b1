using System.Buffers;
using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using ProviderHost.Values;

namespace ProviderHost.Rpc;

/// <summary>A request as the service reads it: the message without its property fields, and those fields decoded.</summary>
public sealed class RpcRequest<T>(T message, int[] propertyFields, PropertyMap[] properties)
{
    public T Message { get; } = message;

    /// <summary>The property map in the message's <c>google.protobuf.Struct</c> field <paramref name="fieldNumber"/>
    /// (empty when the field is absent).</summary>
    public PropertyMap this[int fieldNumber] => properties[Array.IndexOf(propertyFields, fieldNumber)];

    /// <summary>Lets go of the maps once the call is over (the server may hold on to the request a while longer).</summary>
    internal void Release() => Array.Fill(properties, PropertyMap.Empty);
}

/// <summary>A reply as the service builds it: the message, and property maps for its <c>google.protobuf.Struct</c> fields.</summary>
public sealed class RpcReply<T>(T message, params (int Field, PropertyMap Properties)[] properties)
{
    public T Message { get; } = message;
    public IReadOnlyList<(int Field, PropertyMap Properties)> Properties { get; private set; } = properties;

    /// <summary>Lets go of the maps once written (the server may hold on to the reply a while longer).</summary>
    internal void Release() => Properties = [];
}

/// <summary>
/// Reads and writes messages whose <c>google.protobuf.Struct</c> fields are property maps. Those fields are decoded
/// and encoded by <see cref="StructDecoder"/> and <see cref="StructEncoder"/>, straight from and into gRPC's buffers;
/// protobuf handles the rest of the message. Decoding a request may take at most
/// <see cref="DecodingBudget"/> of memory, so that the values it holds cannot cost many times its size.
/// </summary>
internal static class PropertyMessages
{
    /// <summary>What decoding a request may cost, its own buffer aside: one and a half times its size, plus an
    /// allowance for the objects of a small request, which ordinary requests stay far below.</summary>
    public static long DecodingBudget(long requestBytes) => requestBytes * 3 / 2 + SmallRequestAllowance;

    public const long SmallRequestAllowance = 256 * 1024;

    // Protobuf decodes the fields outside the maps: a copy of them, then strings of up to twice their size.
    private const int OtherFieldsCostFactor = 3;

    /// <param name="method">The RPC's name, for errors.</param>
    /// <param name="propertyFields">The numbers of the message's <c>google.protobuf.Struct</c> fields.</param>
    public static Marshaller<RpcRequest<T>> Requests<T>(string method, MessageParser<T> parser, int[] propertyFields)
        where T : class, IMessage<T> =>
        Marshallers.Create<RpcRequest<T>>(
            (_, _) => throw new NotSupportedException("the provider never writes a request"),
            context =>
            {
                var payload = context.PayloadAsReadOnlySequence();
                var decoder = new StructDecoder(DecodingBudget(payload.Length));
                try
                {
                    return Decode(payload, parser, propertyFields, decoder);
                }
                catch (Exception ex) when (ex is MalformedMessageException or InvalidProtocolBufferException)
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, $"{method}: the request cannot be decoded: {ex.Message}"));
                }
                catch (DecodingBudgetExceededException ex)
                {
                    throw new RpcException(new Status(StatusCode.ResourceExhausted,
                        $"{method}: the request holds too many values: decoding its {Mib(payload.Length)} would take more than the " +
                        $"{Mib(ex.Budget)} this provider allows (1.5 times a request's size plus {SmallRequestAllowance / 1024} KiB); send fewer, longer values"));
                }
            });

    public static Marshaller<RpcReply<T>> Replies<T>() where T : class, IMessage<T> =>
        Marshallers.Create<RpcReply<T>>(Write, _ => throw new NotSupportedException("the provider never reads a reply"));

    private static RpcRequest<T> Decode<T>(ReadOnlySequence<byte> payload, MessageParser<T> parser, int[] propertyFields, StructDecoder decoder)
        where T : class, IMessage<T>
    {
        var maps = new PropertyMap.Builder?[propertyFields.Length];
        var others = new List<ReadOnlySequence<byte>>();
        var otherBytes = 0L;
        var reader = new SequenceReader<byte>(payload);
        while (!reader.End)
        {
            var start = reader.Position;
            var tag = StructDecoder.ReadTag(ref reader);
            var slot = (tag & 7) == 2 ? Array.IndexOf(propertyFields, (int)(tag >> 3)) : -1;
            if (slot < 0)
            {
                StructDecoder.SkipField(ref reader, tag, depth: 0);
                var field = payload.Slice(start, reader.Position);
                decoder.Charge(OtherFieldsCostFactor * field.Length);
                otherBytes += field.Length;
                others.Add(field);
                continue;
            }
            // A field repeated in the message merges into the first, as protobuf merges a message field.
            var body = StructDecoder.ReadLengthDelimited(ref reader);
            string? signature = null;
            decoder.ReadStruct(body, depth: 1, maps[slot] ??= new PropertyMap.Builder(), ref signature);
        }

        var rest = new byte[otherBytes];
        var written = 0;
        foreach (var field in others)
        {
            field.CopyTo(rest.AsSpan(written));
            written += (int)field.Length;
        }
        var message = parser.ParseFrom(rest);
        return new RpcRequest<T>(message, propertyFields, [.. maps.Select(m => m is null ? PropertyMap.Empty : m.ToMap())]);
    }

    private static void Write<T>(RpcReply<T> reply, SerializationContext context) where T : class, IMessage<T>
    {
        var encoder = new StructEncoder();
        var bodies = new int[reply.Properties.Count];
        var size = reply.Message.CalculateSize();
        for (var i = 0; i < bodies.Length; i++)
        {
            var (field, properties) = reply.Properties[i];
            bodies[i] = encoder.Measure(properties);
            size = checked(size + WireOutput.VarintSize(Tag(field)) + WireOutput.VarintSize((uint)bodies[i]) + bodies[i]);
        }
        context.SetPayloadLength(size);
        var writer = context.GetBufferWriter();
        reply.Message.WriteTo(writer);
        var output = new WireOutput(writer);
        for (var i = 0; i < bodies.Length; i++)
        {
            var (field, properties) = reply.Properties[i];
            output.Varint(Tag(field));
            output.Varint((uint)bodies[i]);
            encoder.Write(properties, output);
        }
        output.Flush();
        encoder.CheckAllWritten();
        context.Complete();
        reply.Release();
    }

    private static uint Tag(int field) => (uint)field << 3 | 2;

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
}
