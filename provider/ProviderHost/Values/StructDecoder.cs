using System.Buffers;
using System.Collections.Immutable;
using System.Text;

namespace ProviderHost.Values;

/// <summary>A request that is not a valid protobuf encoding of what it claims to be.</summary>
internal sealed class MalformedMessageException(string message) : Exception(message);

/// <summary>A request whose decoded values would take more memory than its decoding budget allows.</summary>
internal sealed class DecodingBudgetExceededException(long budget) : Exception
{
    public long Budget { get; } = budget;
}

/// <summary>
/// Decodes the wire form of a <c>google.protobuf.Struct</c> straight into a <see cref="PropertyMap"/>, with the same
/// result as <see cref="PropertyMarshaller.ToPropertyMap"/> on the parsed message, without building the protobuf
/// objects in between. Long strings stay UTF-8 (<see cref="Utf8Text"/>). Every value is charged an estimate of the
/// memory it takes, and decoding stops as soon as the estimate passes the budget.
/// </summary>
internal sealed class StructDecoder(long budget)
{
    /// <summary>Protobuf's own limit on nested messages (each object costs three levels: Struct, entry, Value).</summary>
    public const int RecursionLimit = 100;

    /// <summary>Strings from this many UTF-8 bytes up are kept as UTF-8.</summary>
    public const int LongStringBytes = 256;

    // Estimated bytes each decoded item keeps alive or leaves to the garbage collector, object headers included.
    private const int ValueCost = 48;
    private const int EntryCost = 72;
    private const int ElementCost = 24;
    private const int ContainerCost = 64;
    private const int StringObjectCost = 32;

    private const uint StructFieldsTag = 1 << 3 | 2;
    private const uint EntryKeyTag = 1 << 3 | 2;
    private const uint EntryValueTag = 2 << 3 | 2;
    private const uint NullTag = 1 << 3 | 0;
    private const uint NumberTag = 2 << 3 | 1;
    private const uint StringTag = 3 << 3 | 2;
    private const uint BoolTag = 4 << 3 | 0;
    private const uint StructTag = 5 << 3 | 2;
    private const uint ListTag = 6 << 3 | 2;
    private const uint ListValuesTag = 1 << 3 | 2;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The memory charged so far.</summary>
    public long Cost { get; private set; }

    /// <summary>Charges memory that is not a decoded value (e.g. the rest of the request) to the budget.</summary>
    public void Charge(long bytes)
    {
        Cost += bytes;
        if (Cost > budget) throw new DecodingBudgetExceededException(budget);
    }

    /// <summary>Adds the entries of one encoded Struct at nesting <paramref name="depth"/> to <paramref name="fields"/>
    /// (a later entry replaces an earlier one with the same key, as protobuf merges maps).</summary>
    /// <param name="signature">Set to the signature key's value when it is a string (a special object), else null.</param>
    public void ReadStruct(ReadOnlySequence<byte> body, int depth, PropertyMap.Builder fields, ref string? signature)
    {
        var reader = new SequenceReader<byte>(body);
        while (!reader.End)
        {
            var tag = ReadTag(ref reader);
            if (tag != StructFieldsTag)
            {
                SkipField(ref reader, tag, depth);
                continue;
            }
            var entry = ReadLengthDelimited(ref reader);
            Enter(depth + 1);
            var (key, value, raw) = ReadEntry(entry, depth + 1);
            fields[key] = value;
            if (key == Sentinels.SignatureKey) signature = raw;
        }
    }

    private (string Key, PropertyValue Value, string? RawString) ReadEntry(ReadOnlySequence<byte> entry, int depth)
    {
        var key = "";
        var value = PropertyValue.Null;
        string? raw = null;
        var reader = new SequenceReader<byte>(entry);
        while (!reader.End)
        {
            var tag = ReadTag(ref reader);
            if (tag == EntryKeyTag)
            {
                var bytes = ReadLengthDelimited(ref reader);
                Charge(StringObjectCost + 2 * bytes.Length);
                key = bytes.IsSingleSegment && KeyNames.Find(bytes.FirstSpan) is { } known ? known : DecodeString(bytes);
            }
            else if (tag == EntryValueTag)
            {
                var bytes = ReadLengthDelimited(ref reader);
                Enter(depth + 1);
                var state = new ValueState();
                ReadValue(bytes, depth + 1, ref state);
                value = Finish(ref state);
                // A long string is no signature, but still makes the object special.
                raw = state.Kind != ValueKind.String ? null : state.Text as string ?? "";
            }
            else SkipField(ref reader, tag, depth);
        }
        Charge(EntryCost);
        return (key, value, raw);
    }

    private enum ValueKind { None, Null, Number, String, Bool, Struct, List }

    /// <summary>A Value being read: its oneof may be set more than once, and a repeated Struct or list merges.</summary>
    private struct ValueState
    {
        public ValueKind Kind;
        public double Number;
        public bool Bool;
        public object? Text; // string or Utf8Text
        public PropertyMap.Builder? Fields;
        public string? Signature;
        public List<PropertyValue>? Items;
    }

    private void ReadValue(ReadOnlySequence<byte> body, int depth, ref ValueState state)
    {
        Charge(ValueCost);
        var reader = new SequenceReader<byte>(body);
        while (!reader.End)
        {
            var tag = ReadTag(ref reader);
            switch (tag)
            {
                case NullTag:
                    ReadVarint(ref reader);
                    state.Kind = ValueKind.Null;
                    break;
                case NumberTag:
                    if (!reader.TryReadLittleEndian(out long bits)) throw Truncated();
                    state.Kind = ValueKind.Number;
                    state.Number = BitConverter.Int64BitsToDouble(bits);
                    break;
                case BoolTag:
                    state.Kind = ValueKind.Bool;
                    state.Bool = ReadVarint(ref reader) != 0;
                    break;
                case StringTag:
                    state.Kind = ValueKind.String;
                    state.Text = ReadText(ReadLengthDelimited(ref reader));
                    break;
                case StructTag:
                {
                    var bytes = ReadLengthDelimited(ref reader);
                    if (state.Kind != ValueKind.Struct)
                    {
                        Charge(ContainerCost);
                        state.Kind = ValueKind.Struct;
                        state.Fields = new PropertyMap.Builder();
                        state.Signature = null;
                    }
                    Enter(depth + 1);
                    ReadStruct(bytes, depth + 1, state.Fields!, ref state.Signature);
                    break;
                }
                case ListTag:
                {
                    var bytes = ReadLengthDelimited(ref reader);
                    if (state.Kind != ValueKind.List)
                    {
                        Charge(ContainerCost);
                        state.Kind = ValueKind.List;
                        state.Items = [];
                    }
                    Enter(depth + 1);
                    ReadList(bytes, depth + 1, state.Items!);
                    break;
                }
                default:
                    SkipField(ref reader, tag, depth);
                    break;
            }
        }
    }

    private void ReadList(ReadOnlySequence<byte> body, int depth, List<PropertyValue> items)
    {
        var reader = new SequenceReader<byte>(body);
        while (!reader.End)
        {
            var tag = ReadTag(ref reader);
            if (tag != ListValuesTag)
            {
                SkipField(ref reader, tag, depth);
                continue;
            }
            var bytes = ReadLengthDelimited(ref reader);
            Enter(depth + 1);
            Charge(ElementCost);
            var state = new ValueState();
            ReadValue(bytes, depth + 1, ref state);
            items.Add(Finish(ref state));
        }
    }

    private static PropertyValue Finish(ref ValueState state) => state.Kind switch
    {
        ValueKind.Number => PropertyValue.From(state.Number),
        ValueKind.Bool => PropertyValue.From(state.Bool),
        ValueKind.String => state.Text switch
        {
            string text => Sentinels.IsUnknown(text) ? PropertyValue.Computed : PropertyValue.From(text),
            var text => PropertyValue.From((Utf8Text)text!),
        },
        ValueKind.Struct => FromObject(state.Fields!, state.Signature),
        ValueKind.List => PropertyValue.From(state.Items!),
        _ => PropertyValue.Null,
    };

    /// <summary>As <see cref="PropertyMarshaller"/> reads an object: a secret, an output value, another special object, or a map.</summary>
    private static PropertyValue FromObject(PropertyMap.Builder fields, string? signature)
    {
        if (signature is null) return PropertyValue.From(fields.ToMap());
        fields.TryGetValue("value", out var inner);
        switch (signature)
        {
            case Sentinels.SecretSignature:
                fields.Clear();
                return PropertyValue.Secret(inner ?? PropertyValue.Null);
            case Sentinels.OutputValueSignature:
                var element = (inner ?? PropertyValue.Computed).WithDependencies(Dependencies(fields));
                var secret = fields.TryGetValue("secret", out var s) && s.Kind == PropertyValueKind.Bool && s.BoolValue;
                fields.Clear();
                return secret ? PropertyValue.Secret(element) : element;
            default:
                return PropertyValue.Special(fields.ToMap());
        }
    }

    private static ImmutableArray<string> Dependencies(PropertyMap.Builder fields) =>
        fields.TryGetValue("dependencies", out var list) && list.Kind == PropertyValueKind.Array
            ? [.. list.ArrayValue.Where(v => v.Kind == PropertyValueKind.String).Select(v => v.StringValue)]
            : [];

    private object ReadText(ReadOnlySequence<byte> bytes)
    {
        if (bytes.Length < LongStringBytes)
        {
            Charge(StringObjectCost + 2 * bytes.Length);
            return DecodeString(bytes);
        }
        Charge(StringObjectCost * 2 + bytes.Length);
        var copy = new byte[bytes.Length];
        bytes.CopyTo(copy);
        try
        {
            return Utf8Text.FromUtf8(copy);
        }
        catch (DecoderFallbackException)
        {
            throw new MalformedMessageException("a string is not valid UTF-8");
        }
    }

    /// <summary>Decodes UTF-8 that may span buffers, allocating only the string itself.</summary>
    private static string DecodeString(ReadOnlySequence<byte> bytes)
    {
        try
        {
            if (bytes.IsSingleSegment) return Strict.GetString(bytes.FirstSpan);
            var decoder = Strict.GetDecoder();
            Span<char> scratch = stackalloc char[256];
            var length = 0;
            foreach (var segment in bytes) length += Convert(decoder, segment.Span, scratch, flush: false, discard: true);
            length += Convert(decoder, [], scratch, flush: true, discard: true);
            decoder.Reset();
            return string.Create(length, (bytes, decoder), static (chars, state) =>
            {
                foreach (var segment in state.bytes) chars = chars[Convert(state.decoder, segment.Span, chars, flush: false, discard: false)..];
                Convert(state.decoder, [], chars, flush: true, discard: false);
            });
        }
        catch (DecoderFallbackException)
        {
            throw new MalformedMessageException("a string is not valid UTF-8");
        }
    }

    /// <summary>Decodes <paramref name="bytes"/> into <paramref name="chars"/>, or through it when only counting.</summary>
    /// <returns>The number of chars decoded.</returns>
    private static int Convert(Decoder decoder, ReadOnlySpan<byte> bytes, Span<char> chars, bool flush, bool discard)
    {
        var total = 0;
        do
        {
            decoder.Convert(bytes, discard ? chars : chars[total..], flush, out var used, out var decoded, out _);
            bytes = bytes[used..];
            total += decoded;
        }
        while (!bytes.IsEmpty);
        return total;
    }

    private static void Enter(int depth)
    {
        if (depth > RecursionLimit)
            throw new MalformedMessageException($"values are nested deeper than protobuf's limit of {RecursionLimit} messages");
    }

    public static uint ReadTag(ref SequenceReader<byte> reader)
    {
        var tag = ReadVarint(ref reader);
        if (tag >> 3 == 0 || tag > uint.MaxValue) throw new MalformedMessageException("a field has an invalid tag");
        return (uint)tag;
    }

    public static ulong ReadVarint(ref SequenceReader<byte> reader)
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (!reader.TryRead(out var b)) throw Truncated();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new MalformedMessageException("a varint is longer than ten bytes");
    }

    public static ReadOnlySequence<byte> ReadLengthDelimited(ref SequenceReader<byte> reader)
    {
        var length = ReadVarint(ref reader);
        if (length > (ulong)reader.Remaining) throw Truncated();
        var slice = reader.UnreadSequence.Slice(0, (long)length);
        reader.Advance((long)length);
        return slice;
    }

    /// <summary>Skips a field this decoder does not read, as protobuf skips unknown fields.</summary>
    public static void SkipField(ref SequenceReader<byte> reader, uint tag, int depth)
    {
        switch (tag & 7)
        {
            case 0:
                ReadVarint(ref reader);
                break;
            case 1:
                if (!reader.TryAdvance(8)) throw Truncated();
                break;
            case 2:
                ReadLengthDelimited(ref reader);
                break;
            case 3:
                Enter(depth + 1);
                while (true)
                {
                    var inner = ReadTag(ref reader);
                    if ((inner & 7) == 4)
                    {
                        if (inner >> 3 != tag >> 3) throw new MalformedMessageException("a group ends with the wrong tag");
                        break;
                    }
                    SkipField(ref reader, inner, depth + 1);
                }
                break;
            case 5:
                if (!reader.TryAdvance(4)) throw Truncated();
                break;
            default:
                throw new MalformedMessageException("a field has an invalid wire type");
        }
    }

    private static MalformedMessageException Truncated() => new("the message is truncated");
}

internal static class SequenceReaderExtensions
{
    public static bool TryAdvance(ref this SequenceReader<byte> reader, long count)
    {
        if (reader.Remaining < count) return false;
        reader.Advance(count);
        return true;
    }
}

/// <summary>
/// The keys decoded lately, so that the same key in every request (a resource's property names) is one string, not
/// a new one per map. A fixed table of short ASCII keys, slot by hash; a collision replaces the slot's key, and a
/// race between threads at worst decodes a key again.
/// </summary>
internal static class KeyNames
{
    private const int MaxLength = 32;
    private static readonly string?[] Slots = new string?[512];

    public static string? Find(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length is 0 or > MaxLength || !System.Text.Ascii.IsValid(utf8)) return null;
        var slot = (int)((uint)HashCode(utf8) % (uint)Slots.Length);
        if (Slots[slot] is { } cached && System.Text.Ascii.Equals(utf8, cached)) return cached;
        var key = System.Text.Encoding.ASCII.GetString(utf8);
        Slots[slot] = key;
        return key;
    }

    private static int HashCode(ReadOnlySpan<byte> bytes)
    {
        var hash = new System.HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }
}
