using System.Buffers;
using System.Text;

namespace ProviderHost.Values;

/// <summary>
/// Writes <see cref="PropertyMap"/>s in the wire form of <c>google.protobuf.Struct</c>, as
/// <see cref="PropertyMarshaller.ToStruct"/> followed by protobuf would, straight into the output buffer: no protobuf
/// objects in between, strings kept as UTF-8 copied as they are, .NET strings encoded a chunk at a time. Measure every
/// map first (in the order they will be written), then write them in the same order.
/// </summary>
internal sealed class StructEncoder
{
    private static readonly PropertyValue SecretSignature = PropertyValue.From(Sentinels.SecretSignature);
    private static readonly byte[] UnknownBytes = Encoding.UTF8.GetBytes(Sentinels.UnknownString);

    // Sizes the writer needs before the bytes they measure, in the order it needs them.
    private readonly List<int> _sizes = new(64);
    private int _next;

    /// <summary>The size of the Struct's encoding (without a tag or length in front of it).</summary>
    public int Measure(PropertyMap map)
    {
        var size = 0;
        foreach (var (key, value) in map) size = checked(size + MeasureEntry(key, value));
        return size;
    }

    /// <summary>Writes a Struct measured earlier, without a tag or length in front of it.</summary>
    public void Write(PropertyMap map, WireOutput output)
    {
        foreach (var (key, value) in map) WriteEntry(key, value, output);
    }

    /// <summary>Throws unless every measured map was written.</summary>
    public void CheckAllWritten()
    {
        if (_next != _sizes.Count) throw new InvalidOperationException("a measured property map was not written");
    }

    private int MeasureEntry(string key, PropertyValue value)
    {
        var keyBytes = Encoding.UTF8.GetByteCount(key);
        _sizes.Add(keyBytes);
        var valueSize = MeasureValue(value);
        var entry = checked(Field(keyBytes) + Field(valueSize));
        return checked(Field(entry));
    }

    private void WriteEntry(string key, PropertyValue value, WireOutput output)
    {
        var keyBytes = Next();
        var valueSize = _sizes[_next];
        output.Byte(Tag(1));
        output.Varint((uint)(Field(keyBytes) + Field(valueSize)));
        output.Byte(Tag(1));
        output.Varint((uint)keyBytes);
        output.Utf8(key);
        output.Byte(Tag(2));
        output.Varint((uint)valueSize);
        WriteValue(value, output);
    }

    /// <summary>The size of the Value's encoding; records it, then what writing its content needs.</summary>
    private int MeasureValue(PropertyValue value)
    {
        var slot = _sizes.Count;
        _sizes.Add(0);
        int size;
        if (value.IsSecret)
        {
            var structSlot = _sizes.Count;
            _sizes.Add(0);
            var body = checked(MeasureEntry(Sentinels.SignatureKey, SecretSignature) + MeasureEntry("value", value.Unsecret()));
            _sizes[structSlot] = body;
            size = Field(body);
            _sizes[slot] = size;
            return size;
        }
        switch (value.Kind)
        {
            case PropertyValueKind.Null:
            case PropertyValueKind.Bool:
                size = 2;
                break;
            case PropertyValueKind.Number:
                size = 9;
                break;
            case PropertyValueKind.String:
            {
                var bytes = value.Utf8?.Bytes.Length ?? Encoding.UTF8.GetByteCount(value.StringValue);
                _sizes.Add(bytes);
                size = Field(bytes);
                break;
            }
            case PropertyValueKind.Computed:
                size = Field(UnknownBytes.Length);
                break;
            case PropertyValueKind.Array:
            {
                var listSlot = _sizes.Count;
                _sizes.Add(0);
                var list = 0;
                foreach (var item in value.ArrayValue) list = checked(list + Field(MeasureValue(item)));
                _sizes[listSlot] = list;
                size = Field(list);
                break;
            }
            case PropertyValueKind.Object:
            case PropertyValueKind.Special:
            {
                var structSlot = _sizes.Count;
                _sizes.Add(0);
                var body = Measure(value.Kind == PropertyValueKind.Object ? value.ObjectValue : value.SpecialFields);
                _sizes[structSlot] = body;
                size = Field(body);
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "unsupported property value kind");
        }
        _sizes[slot] = size;
        return size;
    }

    private void WriteValue(PropertyValue value, WireOutput output)
    {
        Next();
        if (value.IsSecret)
        {
            output.Byte(Tag(5));
            output.Varint((uint)Next());
            WriteEntry(Sentinels.SignatureKey, SecretSignature, output);
            WriteEntry("value", value.Unsecret(), output);
            return;
        }
        switch (value.Kind)
        {
            case PropertyValueKind.Null:
                output.Byte(Tag(1, wireType: 0));
                output.Byte(0);
                break;
            case PropertyValueKind.Bool:
                output.Byte(Tag(4, wireType: 0));
                output.Byte(value.BoolValue ? (byte)1 : (byte)0);
                break;
            case PropertyValueKind.Number:
                output.Byte(Tag(2, wireType: 1));
                output.Fixed64(BitConverter.DoubleToInt64Bits(value.NumberValue));
                break;
            case PropertyValueKind.String:
                output.Byte(Tag(3));
                output.Varint((uint)Next());
                if (value.Utf8 is { } text) output.Bytes(text.Bytes);
                else output.Utf8(value.StringValue);
                break;
            case PropertyValueKind.Computed:
                output.Byte(Tag(3));
                output.Varint((uint)UnknownBytes.Length);
                output.Bytes(UnknownBytes);
                break;
            case PropertyValueKind.Array:
                output.Byte(Tag(6));
                output.Varint((uint)Next());
                foreach (var item in value.ArrayValue)
                {
                    output.Byte(Tag(1));
                    output.Varint((uint)_sizes[_next]);
                    WriteValue(item, output);
                }
                break;
            case PropertyValueKind.Object:
            case PropertyValueKind.Special:
                output.Byte(Tag(5));
                output.Varint((uint)Next());
                Write(value.Kind == PropertyValueKind.Object ? value.ObjectValue : value.SpecialFields, output);
                break;
        }
    }

    private int Next() => _sizes[_next++];

    /// <summary>The size of a length-delimited field holding <paramref name="length"/> bytes.</summary>
    private static int Field(int length) => checked(1 + WireOutput.VarintSize((uint)length) + length);

    private static byte Tag(int field, int wireType = 2) => (byte)(field << 3 | wireType);
}

/// <summary>Writes protobuf primitives into an <see cref="IBufferWriter{T}"/> a buffer at a time.</summary>
internal sealed class WireOutput(IBufferWriter<byte> writer)
{
    private Memory<byte> _buffer;
    private int _used;

    public static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }
        return size;
    }

    public void Byte(byte value)
    {
        Ensure(1);
        _buffer.Span[_used++] = value;
    }

    public void Varint(ulong value)
    {
        Ensure(10);
        var span = _buffer.Span;
        while (value >= 0x80)
        {
            span[_used++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[_used++] = (byte)value;
    }

    public void Fixed64(long value)
    {
        Ensure(8);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(_buffer.Span[_used..], value);
        _used += 8;
    }

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            Ensure(1);
            var count = Math.Min(bytes.Length, _buffer.Length - _used);
            bytes[..count].CopyTo(_buffer.Span[_used..]);
            _used += count;
            bytes = bytes[count..];
        }
    }

    /// <summary>Encodes text as UTF-8 (a lone surrogate becomes U+FFFD, as <see cref="Encoding.UTF8"/> counts it).</summary>
    public void Utf8(string text)
    {
        var chars = text.AsSpan();
        while (!chars.IsEmpty)
        {
            Ensure(4);
            System.Text.Unicode.Utf8.FromUtf16(chars, _buffer.Span[_used..], out var read, out var written, replaceInvalidSequences: true, isFinalBlock: true);
            _used += written;
            chars = chars[read..];
        }
    }

    /// <summary>Hands what was written to the underlying writer.</summary>
    public void Flush()
    {
        if (_used > 0) writer.Advance(_used);
        _used = 0;
        _buffer = default;
    }

    private void Ensure(int bytes)
    {
        if (_buffer.Length - _used >= bytes) return;
        Flush();
        _buffer = writer.GetMemory(bytes);
    }
}
