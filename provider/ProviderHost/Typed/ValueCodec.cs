using System.Collections.Immutable;
using ProviderHost.Values;

namespace ProviderHost.Typed;

/// <summary>Decodes and encodes one C# type as a property value; the generator composes them per property.</summary>
public abstract class ValueCodec<T>(PropertyType type)
{
    public PropertyType Type { get; } = type;

    /// <summary>Decodes a known, non-null value; a value that does not fit is recorded in <paramref name="scope"/> and gives <c>default</c>.</summary>
    public abstract T? Read(PropertyValue value, string path, DecodeScope scope);

    public abstract PropertyValue Write(T value);
}

/// <summary>The codecs of the supported property types.</summary>
public static class ValueCodecs
{
    public static ValueCodec<string> String { get; } = new StringCodec(PropertyType.String, null);
    public static ValueCodec<bool> Boolean { get; } = new BooleanCodec();
    public static ValueCodec<long> Integer { get; } = new IntegerCodec();
    public static ValueCodec<double> Number { get; } = new NumberCodec();

    public static ValueCodec<string> Enum(EnumShape shape) => new StringCodec(PropertyType.EnumOf(shape), shape);
    public static ValueCodec<IReadOnlyList<T>> List<T>(ValueCodec<T> element) => new ListCodec<T>(element);
    public static ValueCodec<IReadOnlyDictionary<string, T>> Map<T>(ValueCodec<T> element) => new MapCodec<T>(element);
    public static ValueCodec<T> Object<T>(ObjectShape<T> shape) => new ObjectCodec<T>(shape);

    private sealed class StringCodec(PropertyType type, EnumShape? closedOrOpen) : ValueCodec<string>(type)
    {
        public override string? Read(PropertyValue value, string path, DecodeScope scope)
        {
            if (value.Kind != PropertyValueKind.String) return scope.WrongKind(this, value, path);
            var text = value.StringValue;
            if (closedOrOpen is { Open: false } e && !e.Contains(text) && !scope.Lenient)
            {
                scope.Fail(path, $"must be one of {e.Listing}");
                return null;
            }
            return text;
        }

        public override PropertyValue Write(string value) => PropertyValue.From(value);
    }

    private sealed class BooleanCodec() : ValueCodec<bool>(PropertyType.Boolean)
    {
        public override bool Read(PropertyValue value, string path, DecodeScope scope) =>
            value.Kind == PropertyValueKind.Bool ? value.BoolValue : scope.WrongKind(this, value, path);

        public override PropertyValue Write(bool value) => PropertyValue.From(value);
    }

    private sealed class IntegerCodec() : ValueCodec<long>(PropertyType.Integer)
    {
        // Doubles hold integers exactly up to 2^53, which is as far as the engine's numbers go.
        private const double Limit = 9007199254740992d;

        public override long Read(PropertyValue value, string path, DecodeScope scope) =>
            value.Kind == PropertyValueKind.Number && Math.Floor(value.NumberValue) == value.NumberValue && Math.Abs(value.NumberValue) <= Limit
                ? (long)value.NumberValue
                : scope.WrongKind(this, value, path);

        public override PropertyValue Write(long value) => PropertyValue.From(value);
    }

    private sealed class NumberCodec() : ValueCodec<double>(PropertyType.Number)
    {
        public override double Read(PropertyValue value, string path, DecodeScope scope)
        {
            if (value.Kind != PropertyValueKind.Number) return scope.WrongKind(this, value, path);
            if (double.IsFinite(value.NumberValue)) return value.NumberValue;
            scope.Fail(path, "must be a finite number");
            return default;
        }

        public override PropertyValue Write(double value) => PropertyValue.From(value);
    }

    private sealed class ListCodec<T>(ValueCodec<T> element) : ValueCodec<IReadOnlyList<T>>(PropertyType.ArrayOf(element.Type))
    {
        public override IReadOnlyList<T>? Read(PropertyValue value, string path, DecodeScope scope)
        {
            if (value.Kind != PropertyValueKind.Array) return scope.WrongKind(this, value, path);
            var items = new List<T>(value.ArrayValue.Length);
            for (var i = 0; i < value.ArrayValue.Length; i++)
            {
                var itemPath = PropertyPath.Append(path, i);
                var item = value.ArrayValue[i];
                if (item.IsNull) scope.Fail(itemPath, $"must be {element.Type.Noun}, not null");
                var read = scope.Read(element, item, itemPath);
                // Recorded state (lenient): an element that cannot be read is left out, never a null its type rules out.
                if (read is null && scope.Lenient) continue;
                items.Add(read!);
            }
            return items;
        }

        public override PropertyValue Write(IReadOnlyList<T> value)
        {
            var items = new PropertyValue[value.Count];
            for (var i = 0; i < items.Length; i++) items[i] = element.Write(value[i]);
            return PropertyValue.From(System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(items));
        }
    }

    private sealed class MapCodec<T>(ValueCodec<T> element) : ValueCodec<IReadOnlyDictionary<string, T>>(PropertyType.MapOf(element.Type))
    {
        public override IReadOnlyDictionary<string, T>? Read(PropertyValue value, string path, DecodeScope scope)
        {
            if (value.Kind != PropertyValueKind.Object) return scope.WrongKind(this, value, path);
            var items = new Dictionary<string, T>(StringComparer.Ordinal);
            foreach (var (key, item) in value.ObjectValue)
            {
                var itemPath = PropertyPath.Append(path, key);
                if (item.IsNull) scope.Fail(itemPath, $"must be {element.Type.Noun}, not null");
                var read = scope.Read(element, item, itemPath);
                if (read is null && scope.Lenient) continue;
                items[key] = read!;
            }
            return items;
        }

        public override PropertyValue Write(IReadOnlyDictionary<string, T> value) =>
            PropertyValue.From(PropertyMap.From(value.Select(kv => KeyValuePair.Create(kv.Key, element.Write(kv.Value)))));
    }

    private sealed class ObjectCodec<T>(ObjectShape<T> shape) : ValueCodec<T>(PropertyType.ObjectOf(shape))
    {
        public override T? Read(PropertyValue value, string path, DecodeScope scope) =>
            value.Kind == PropertyValueKind.Object ? shape.Read(value.ObjectValue, scope, path) : scope.WrongKind(this, value, path);

        public override PropertyValue Write(T value) => PropertyValue.From(shape.Write(value));
    }
}

/// <summary>Reads the properties of one object for the generated code, by declaration index.</summary>
public sealed class ObjectReader
{
    private readonly ObjectShape _shape;
    private readonly PropertyMap _map;
    private readonly string _path;
    private readonly DecodeScope _scope;

    internal ObjectReader(ObjectShape shape, PropertyMap map, string path, DecodeScope scope) =>
        (_shape, _map, _path, _scope) = (shape, map, path, scope);

    /// <summary>A required property: missing is a failure (unless a default applies), and gives <c>default</c>.</summary>
    public T? Required<T>(int index, ValueCodec<T> codec)
    {
        var (spec, value, path) = Locate(index);
        if (value is null) _scope.Fail(path, $"required: {spec.Description ?? "no value given"}");
        return Read(spec, codec, value, path);
    }

    public T? Optional<T>(int index, ValueCodec<T> codec) where T : class
    {
        var (spec, value, path) = Locate(index);
        return Read(spec, codec, value, path);
    }

    public T? OptionalValue<T>(int index, ValueCodec<T> codec) where T : struct
    {
        var (spec, value, path) = Locate(index);
        return value is null ? null : Read(spec, codec, value, path);
    }

    private T? Read<T>(PropertySpec spec, ValueCodec<T> codec, PropertyValue? value, string path)
    {
        var checks = value is { IsComputed: false, IsNull: false } && !_scope.Lenient;
        if (checks && !spec.WithinLimits(value!, path, _scope))
        {
            if (value!.IsSecret) _scope.MarkSecret(path);
            return default;
        }
        var result = _scope.Read(codec, value, path);
        if (checks && _scope.IsKnown(path)) spec.CheckContent(value!, path, _scope);
        return result;
    }

    private (PropertySpec Spec, PropertyValue? Value, string Path) Locate(int index)
    {
        var spec = _shape.Properties[index];
        var value = _map.Find(spec.Name) ?? spec.Default;
        return (spec, value, PropertyPath.Append(_path, spec.Name));
    }
}

/// <summary>Writes the properties of one object for the generated code, by declaration index.</summary>
public sealed class ObjectWriter
{
    private readonly ObjectShape _shape;
    private readonly PropertyValue?[] _values;
    private int _count;

    internal ObjectWriter(ObjectShape shape) => (_shape, _values) = (shape, new PropertyValue?[shape.Properties.Length]);

    public void Write<T>(int index, ValueCodec<T> codec, T value)
    {
        if (value is null) return;
        var spec = _shape.Properties[index];
        var encoded = codec.Write(value);
        if (_values[index] is null) _count++;
        _values[index] = spec.Secret ? PropertyValue.Secret(encoded) : encoded;
    }

    public void WriteOptional<T>(int index, ValueCodec<T> codec, T? value) where T : struct
    {
        if (value is { } known) Write(index, codec, known);
    }

    /// <summary>The values written, in key order (the shape knows its properties' order): no sorting per object.</summary>
    internal PropertyMap ToMap()
    {
        if (_count == 0) return PropertyMap.Empty;
        var items = new KeyValuePair<string, PropertyValue>[_count];
        var next = 0;
        foreach (var index in _shape.KeyOrder)
            if (_values[index] is { } value) items[next++] = new(_shape.Properties[index].Name, value);
        return PropertyMap.FromOrdered(items);
    }
}
