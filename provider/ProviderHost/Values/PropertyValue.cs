using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace ProviderHost.Values;

public enum PropertyValueKind
{
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
    /// <summary>A value not known yet (preview): any of the engine's unknown sentinels, or an output value without one.</summary>
    Computed,
    /// <summary>An asset, archive, resource reference or byte string: kept verbatim so it round-trips untouched.</summary>
    Special,
}

/// <summary>
/// An immutable Pulumi property value: the typed form of a <c>google.protobuf.Value</c> after the engine's
/// special objects (secrets, unknowns, output values) have been decoded. Secrecy is a flag on the value, with the
/// resources it came from, not a wrapper to unwrap: code reads a secret string as any string, and the encoder wraps
/// it again. Equality is structural and counts secrecy; <see cref="SameContent"/> ignores it (what a diff compares).
/// </summary>
public sealed class PropertyValue : IEquatable<PropertyValue>
{
    private readonly object? _value;

    // Dependencies are rare (output values only): kept beside the value, so that every other value stays as small as
    // it was before they were recorded.
    private static readonly ConditionalWeakTable<PropertyValue, object> DependencyLists = new();

    private PropertyValue(PropertyValueKind kind, object? value, bool secret = false, ImmutableArray<string> dependencies = default)
    {
        Kind = kind;
        _value = value;
        IsSecret = secret;
        if (!dependencies.IsDefaultOrEmpty) DependencyLists.Add(this, dependencies);
    }

    public PropertyValueKind Kind { get; }

    /// <summary>The program (or the provider) marked this value secret: it is sent back wrapped and never shown.</summary>
    public bool IsSecret { get; }

    /// <summary>The URNs of the resources this value came from, when the engine said (output values).</summary>
    public ImmutableArray<string> Dependencies =>
        DependencyLists.TryGetValue(this, out var list) ? (ImmutableArray<string>)list : [];

    public static PropertyValue Null { get; } = new(PropertyValueKind.Null, null);
    public static PropertyValue Computed { get; } = new(PropertyValueKind.Computed, null);
    public static PropertyValue True { get; } = new(PropertyValueKind.Bool, true);
    public static PropertyValue False { get; } = new(PropertyValueKind.Bool, false);

    public static PropertyValue From(bool value) => value ? True : False;
    public static PropertyValue From(double value) => new(PropertyValueKind.Number, value);
    public static PropertyValue From(string? value) => value is null ? Null : new(PropertyValueKind.String, value);
    internal static PropertyValue From(Utf8Text value) => new(PropertyValueKind.String, value);
    public static PropertyValue From(IEnumerable<PropertyValue> items) => new(PropertyValueKind.Array, items.ToImmutableArray());
    public static PropertyValue From(ImmutableArray<PropertyValue> items) => new(PropertyValueKind.Array, items.IsDefault ? [] : items);
    public static PropertyValue From(PropertyMap map) => new(PropertyValueKind.Object, map);
    public static PropertyValue FromStrings(IEnumerable<string> items) => From(items.Select(From));

    /// <summary><paramref name="element"/> marked secret; marking a secret again is a no-op.</summary>
    public static PropertyValue Secret(PropertyValue element) =>
        element.IsSecret ? element : new(element.Kind, element._value, secret: true, element.Dependencies);

    /// <summary>This value, recorded as coming from <paramref name="dependencies"/>.</summary>
    public PropertyValue WithDependencies(ImmutableArray<string> dependencies) =>
        dependencies.IsDefaultOrEmpty && Dependencies.IsEmpty ? this : new(Kind, _value, IsSecret, dependencies);

    /// <summary>A special object (asset, archive, resource reference…) kept as its raw fields, signature included.</summary>
    public static PropertyValue Special(PropertyMap fields) => new(PropertyValueKind.Special, fields);

    public bool IsNull => Kind == PropertyValueKind.Null;
    public bool IsComputed => Kind == PropertyValueKind.Computed;

    public bool BoolValue => Kind == PropertyValueKind.Bool ? (bool)_value! : throw WrongKind(PropertyValueKind.Bool);
    public double NumberValue => Kind == PropertyValueKind.Number ? (double)_value! : throw WrongKind(PropertyValueKind.Number);

    /// <summary>The number as invariant text ("30", "0.5"), whether or not the value is marked secret.</summary>
    public string NumberText => NumberValue.ToString(CultureInfo.InvariantCulture);

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
    public PropertyMap SpecialFields => Kind == PropertyValueKind.Special ? (PropertyMap)_value! : throw WrongKind(PropertyValueKind.Special);

    /// <summary>The value without its secret flag (secrets nested inside stay secret).</summary>
    public PropertyValue Unsecret() => IsSecret ? new(Kind, _value, secret: false, Dependencies) : this;

    /// <summary>True when this value or anything inside it is secret.</summary>
    public bool ContainsSecret() => IsSecret || Kind switch
    {
        PropertyValueKind.Array => ArrayValue.Any(v => v.ContainsSecret()),
        PropertyValueKind.Object => ObjectValue.Values.Any(v => v.ContainsSecret()),
        _ => false,
    };

    /// <summary>True when this value or anything inside it is unknown.</summary>
    public bool ContainsComputed() => Kind switch
    {
        PropertyValueKind.Computed => true,
        PropertyValueKind.Array => ArrayValue.Any(v => v.ContainsComputed()),
        PropertyValueKind.Object => ObjectValue.Values.Any(v => v.ContainsComputed()),
        _ => false,
    };

    public bool Equals(PropertyValue? other) =>
        ReferenceEquals(this, other) || (other is not null && other.IsSecret == IsSecret && SameContent(other, ignoreSecrecy: false));

    /// <summary>Equal as values, whatever is marked secret: what a diff compares.</summary>
    public bool SameContent(PropertyValue? other) => other is not null && SameContent(other, ignoreSecrecy: true);

    private bool SameContent(PropertyValue other, bool ignoreSecrecy)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other.Kind != Kind) return false;
        return Kind switch
        {
            PropertyValueKind.Null or PropertyValueKind.Computed => true,
            PropertyValueKind.Bool => BoolValue == other.BoolValue,
            PropertyValueKind.Number => NumberValue.Equals(other.NumberValue),
            PropertyValueKind.String => StringEquals(_value!, other._value!),
            PropertyValueKind.Array when ignoreSecrecy => ArrayValue.Length == other.ArrayValue.Length
                && ArrayValue.Zip(other.ArrayValue).All(pair => pair.First.SameContent(pair.Second)),
            PropertyValueKind.Array => ArrayValue.SequenceEqual(other.ArrayValue),
            PropertyValueKind.Object => ignoreSecrecy ? ObjectValue.SameContent(other.ObjectValue) : ObjectValue.Equals(other.ObjectValue),
            PropertyValueKind.Special => ignoreSecrecy ? SpecialFields.SameContent(other.SpecialFields) : SpecialFields.Equals(other.SpecialFields),
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
                return HashCode.Combine(Kind, _value, IsSecret);
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
    public override string ToString() => IsSecret ? "[secret]" : Kind switch
    {
        PropertyValueKind.Null => "null",
        PropertyValueKind.Computed => "<computed>",
        PropertyValueKind.Bool => BoolValue ? "true" : "false",
        PropertyValueKind.Number => NumberText,
        PropertyValueKind.String => "\"" + StringValue + "\"",
        PropertyValueKind.Array => "[" + string.Join(", ", ArrayValue) + "]",
        PropertyValueKind.Object => ObjectValue.ToString(),
        _ => "<special>",
    };

    private InvalidOperationException WrongKind(PropertyValueKind expected) =>
        new($"expected a {expected.ToString().ToLowerInvariant()} value, found {Kind.ToString().ToLowerInvariant()}");
}
