using System.Collections.Immutable;
using System.Globalization;

namespace ProviderHost.Values;

public enum PropertyValueKind
{
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
    /// <summary>A value the engine marked secret; <see cref="PropertyValue.SecretElement"/> holds the plain value.</summary>
    Secret,
    /// <summary>A value not known yet (preview): any of the engine's unknown sentinels, or an output value without one.</summary>
    Computed,
    /// <summary>An asset, archive, resource reference or byte string: kept verbatim so it round-trips untouched.</summary>
    Special,
}

/// <summary>
/// An immutable Pulumi property value: the typed form of a <c>google.protobuf.Value</c> after the engine's
/// special objects (secrets, unknowns) have been decoded. Equality is structural, which is what Diff needs.
/// </summary>
public sealed class PropertyValue : IEquatable<PropertyValue>
{
    private readonly object? _value;

    private PropertyValue(PropertyValueKind kind, object? value)
    {
        Kind = kind;
        _value = value;
    }

    public PropertyValueKind Kind { get; }

    public static PropertyValue Null { get; } = new(PropertyValueKind.Null, null);
    public static PropertyValue Computed { get; } = new(PropertyValueKind.Computed, null);
    public static PropertyValue True { get; } = new(PropertyValueKind.Bool, true);
    public static PropertyValue False { get; } = new(PropertyValueKind.Bool, false);

    public static PropertyValue From(bool value) => value ? True : False;
    public static PropertyValue From(double value) => new(PropertyValueKind.Number, value);
    public static PropertyValue From(string? value) => value is null ? Null : new(PropertyValueKind.String, value);
    internal static PropertyValue From(Utf8Text value) => new(PropertyValueKind.String, value);
    public static PropertyValue From(IEnumerable<PropertyValue> items) => new(PropertyValueKind.Array, items.ToImmutableArray());
    public static PropertyValue From(PropertyMap map) => new(PropertyValueKind.Object, map);
    public static PropertyValue FromStrings(IEnumerable<string> items) => From(items.Select(From));

    /// <summary>Wraps <paramref name="element"/> as a secret; wrapping a secret again is a no-op.</summary>
    public static PropertyValue Secret(PropertyValue element) =>
        element.Kind == PropertyValueKind.Secret ? element : new(PropertyValueKind.Secret, element);

    /// <summary>A special object (asset, archive, resource reference…) kept as its raw fields, signature included.</summary>
    public static PropertyValue Special(PropertyMap fields) => new(PropertyValueKind.Special, fields);

    public bool IsNull => Kind == PropertyValueKind.Null;
    public bool IsSecret => Kind == PropertyValueKind.Secret;
    public bool IsComputed => Kind == PropertyValueKind.Computed;

    public bool BoolValue => Kind == PropertyValueKind.Bool ? (bool)_value! : throw WrongKind(PropertyValueKind.Bool);
    public double NumberValue => Kind == PropertyValueKind.Number ? (double)_value! : throw WrongKind(PropertyValueKind.Number);
    /// <summary>
    /// The string. A long string that came from the engine is kept as UTF-8 and decoded on every call: to check
    /// only its length, use <see cref="StringLength"/>.
    /// </summary>
    public string StringValue => Kind == PropertyValueKind.String ? _value as string ?? _value!.ToString()! : throw WrongKind(PropertyValueKind.String);

    /// <summary>The length of <see cref="StringValue"/>, without decoding a string kept as UTF-8.</summary>
    public int StringLength => Kind == PropertyValueKind.String
        ? _value is Utf8Text text ? text.Length : ((string)_value!).Length
        : throw WrongKind(PropertyValueKind.String);

    /// <summary>The UTF-8 bytes of a string kept as it arrived, or null for a .NET string.</summary>
    internal Utf8Text? Utf8 => _value as Utf8Text;

    public ImmutableArray<PropertyValue> ArrayValue =>
        Kind == PropertyValueKind.Array ? (ImmutableArray<PropertyValue>)_value! : throw WrongKind(PropertyValueKind.Array);
    public PropertyMap ObjectValue => Kind == PropertyValueKind.Object ? (PropertyMap)_value! : throw WrongKind(PropertyValueKind.Object);
    public PropertyValue SecretElement => Kind == PropertyValueKind.Secret ? (PropertyValue)_value! : throw WrongKind(PropertyValueKind.Secret);
    public PropertyMap SpecialFields => Kind == PropertyValueKind.Special ? (PropertyMap)_value! : throw WrongKind(PropertyValueKind.Special);

    /// <summary>The value with a top-level secret wrapper removed (nested secrets stay).</summary>
    public PropertyValue Unsecret() => IsSecret ? SecretElement : this;

    /// <summary>True when this value or anything inside it is unknown.</summary>
    public bool ContainsComputed() => Kind switch
    {
        PropertyValueKind.Computed => true,
        PropertyValueKind.Secret => SecretElement.ContainsComputed(),
        PropertyValueKind.Array => ArrayValue.Any(v => v.ContainsComputed()),
        PropertyValueKind.Object => ObjectValue.Values.Any(v => v.ContainsComputed()),
        _ => false,
    };

    public bool Equals(PropertyValue? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other.Kind != Kind) return false;
        return Kind switch
        {
            PropertyValueKind.Null or PropertyValueKind.Computed => true,
            PropertyValueKind.Bool => BoolValue == other.BoolValue,
            PropertyValueKind.Number => NumberValue.Equals(other.NumberValue),
            PropertyValueKind.String => StringEquals(_value!, other._value!),
            PropertyValueKind.Array => ArrayValue.SequenceEqual(other.ArrayValue),
            PropertyValueKind.Secret => SecretElement.Equals(other.SecretElement),
            PropertyValueKind.Object => ObjectValue.Equals(other.ObjectValue),
            PropertyValueKind.Special => SpecialFields.Equals(other.SpecialFields),
            _ => false,
        };
    }

    public override bool Equals(object? obj) => obj is PropertyValue other && Equals(other);

    public override int GetHashCode()
    {
        switch (Kind)
        {
            case PropertyValueKind.Array:
                return ArrayValue.Aggregate((int)Kind, (h, v) => HashCode.Combine(h, v));
            case PropertyValueKind.String:
                // From the characters, so that equal strings hash alike however they are kept.
                var hash = new HashCode();
                hash.Add(Kind);
                if (_value is Utf8Text text) text.AddTo(ref hash);
                else Utf8Text.AddTo(ref hash, (string)_value!);
                return hash.ToHashCode();
            default:
                return HashCode.Combine(Kind, _value);
        }
    }

    private static bool StringEquals(object left, object right) => (left, right) switch
    {
        (string a, string b) => a == b,
        (Utf8Text a, Utf8Text b) => a.Equals(b),
        (Utf8Text a, string b) => a.Equals(b),
        (string a, Utf8Text b) => b.Equals(a),
        _ => false,
    };

    /// <summary>A debugging rendering; secrets never show their content.</summary>
    public override string ToString() => Kind switch
    {
        PropertyValueKind.Null => "null",
        PropertyValueKind.Computed => "<computed>",
        PropertyValueKind.Secret => "[secret]",
        PropertyValueKind.Bool => BoolValue ? "true" : "false",
        PropertyValueKind.Number => NumberValue.ToString(CultureInfo.InvariantCulture),
        PropertyValueKind.String => "\"" + StringValue + "\"",
        PropertyValueKind.Array => "[" + string.Join(", ", ArrayValue) + "]",
        PropertyValueKind.Object => ObjectValue.ToString(),
        _ => "<special>",
    };

    private InvalidOperationException WrongKind(PropertyValueKind expected) =>
        new($"expected a {expected.ToString().ToLowerInvariant()} value, found {Kind.ToString().ToLowerInvariant()}");
}
