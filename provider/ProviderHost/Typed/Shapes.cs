using System.Collections.Immutable;
using ProviderHost.Values;

namespace ProviderHost.Typed;

public enum PropertyTypeKind { String, Integer, Number, Boolean, Array, Map, Object }

/// <summary>The schema type of a property: a primitive, a list or map of a type, an object, or a string enum.</summary>
public sealed class PropertyType
{
    private PropertyType(PropertyTypeKind kind, PropertyType? element = null, ObjectShape? @object = null, EnumShape? @enum = null)
    {
        Kind = kind;
        Element = element;
        Object = @object;
        Enum = @enum;
    }

    public PropertyTypeKind Kind { get; }
    public PropertyType? Element { get; }
    public ObjectShape? Object { get; }
    public EnumShape? Enum { get; }

    public static PropertyType String { get; } = new(PropertyTypeKind.String);
    public static PropertyType Integer { get; } = new(PropertyTypeKind.Integer);
    public static PropertyType Number { get; } = new(PropertyTypeKind.Number);
    public static PropertyType Boolean { get; } = new(PropertyTypeKind.Boolean);
    public static PropertyType ArrayOf(PropertyType element) => new(PropertyTypeKind.Array, element);
    public static PropertyType MapOf(PropertyType element) => new(PropertyTypeKind.Map, element);
    public static PropertyType ObjectOf(ObjectShape shape) => new(PropertyTypeKind.Object, @object: shape);
    public static PropertyType EnumOf(EnumShape shape) => new(PropertyTypeKind.String, @enum: shape);

    /// <summary>How a Check failure names what was expected: "a string", "an integer", "a list of permissions".</summary>
    public string Noun => ("aeiou".Contains(Singular[0]) ? "an " : "a ") + Singular;

    /// <summary>One value of this type, without an article: "permission", "string", "list of permissions".</summary>
    public string Singular => Kind switch
    {
        PropertyTypeKind.String when Enum is { } e => e.Noun,
        PropertyTypeKind.Array => "list of " + Element!.Plural,
        PropertyTypeKind.Map => "map of " + Element!.Plural,
        _ => Kind.ToString().ToLowerInvariant(),
    };

    private string Plural => Kind switch
    {
        PropertyTypeKind.String when Enum is { } e => e.Noun + "s",
        PropertyTypeKind.Array => "lists",
        PropertyTypeKind.Map => "maps",
        _ => Kind.ToString().ToLowerInvariant() + "s",
    };
}

/// <summary>One property of a <see cref="ObjectShape"/>, as declared.</summary>
public sealed record PropertySpec(string Name, PropertyType Type, bool Required, string? Description = null)
{
    public bool Secret { get; init; }
    public bool ReplaceOnChanges { get; init; }
    public PropertyValue? Default { get; init; }
    public ImmutableArray<string> Environment { get; init; } = [];
    public bool RecordEnvironment { get; init; }
    public string? Summary { get; init; }

    /// <summary>The regular expression a string must match, for messages; <see cref="Matches"/> applies it.</summary>
    public string? Pattern { get; init; }
    public Func<string, bool>? Matches { get; init; }
    public string? PatternHint { get; init; }
    public int MaxLength { get; init; }
    public int MinItems { get; init; }
    public bool UniqueItems { get; init; }

    /// <summary>The size rules, checked before the value is decoded (a string far too long is never copied).</summary>
    internal bool WithinLimits(PropertyValue value, string path, DecodeScope scope)
    {
        if (value.Kind == PropertyValueKind.String && MaxLength > 0 && value.StringLength > MaxLength)
            scope.Fail(path, $"must be at most {MaxLength} characters, got {value.StringLength}");
        else if (value.Kind == PropertyValueKind.Array && value.ArrayValue.Length < MinItems)
            scope.Fail(path, MinItems == 1 ? $"must hold at least one {Type.Element!.Singular}" : $"must hold at least {MinItems} items");
        else return true;
        return false;
    }

    /// <summary>The content rules, on a decoded, known value.</summary>
    internal void CheckContent(PropertyValue value, string path, DecodeScope scope)
    {
        if (value.Kind == PropertyValueKind.String && Matches is { } matches && !matches(value.StringValue))
            scope.Fail(path, $"must be {PatternHint ?? "text"} (pattern {Pattern}); got {scope.Quote(path, value.StringValue)}");
        if (value.Kind != PropertyValueKind.Array || !UniqueItems) return;
        var seen = new HashSet<PropertyValue>();
        for (var i = 0; i < value.ArrayValue.Length; i++)
        {
            var item = value.ArrayValue[i];
            var itemPath = PropertyPath.Append(path, i);
            if (scope.IsKnown(itemPath) && !seen.Add(item.Unsecret()))
                scope.Fail(itemPath, $"duplicate {Type.Element!.Singular} {(item.Kind == PropertyValueKind.String ? scope.Quote(itemPath, item.StringValue) : "")}".TrimEnd());
        }
    }
}

/// <summary>A string enum's schema: its type token and values.</summary>
public sealed record EnumShape(string TypeToken, string? Description, ImmutableArray<EnumShape.Value> Values, bool Open)
{
    public sealed record Value(string Name, string Text, string Description);

    /// <summary>"permission" for <c>pkg:index:Permission</c>: how messages name one value.</summary>
    public string Noun => ProviderHost.Resources.TypeTokens.Name(TypeToken).ToLowerInvariant();

    public bool Contains(string text) => Values.Any(v => v.Text == text);

    public string Listing => string.Join(", ", Values.Select(v => v.Text).Order(StringComparer.Ordinal));
}

/// <summary>The declared properties of a record; <see cref="ObjectShape{T}"/> adds its generated reader and writer.</summary>
public abstract class ObjectShape(string name, string? typeToken, string? description, ImmutableArray<PropertySpec> properties)
{
    /// <summary>The C# type's name, for messages.</summary>
    public string Name { get; } = name;
    /// <summary>The named type's token under <c>types</c>, or null for an inline one (a resource's inputs).</summary>
    public string? TypeToken { get; } = typeToken;
    public string? Description { get; } = description;
    public ImmutableArray<PropertySpec> Properties { get; } = properties;

    public PropertySpec? Find(string name) => Properties.FirstOrDefault(p => p.Name == name);

    /// <summary>The indexes of <see cref="Properties"/> in the order of their names (ordinal), as a map holds them.</summary>
    internal int[] KeyOrder => _keyOrder ??= [.. Enumerable.Range(0, Properties.Length).OrderBy(i => Properties[i].Name, StringComparer.Ordinal)];

    private int[]? _keyOrder;
}

public sealed class ObjectShape<T>(
    string name, string? typeToken, string? description, ImmutableArray<PropertySpec> properties,
    Func<ObjectReader, T> read, Action<T, ObjectWriter> write)
    : ObjectShape(name, typeToken, description, properties)
{
    /// <summary>Decodes <paramref name="map"/>; what does not fit is recorded in <paramref name="scope"/>.</summary>
    public T Read(PropertyMap map, DecodeScope scope, string path = "")
    {
        if (!scope.Lenient)
        {
            foreach (var key in map.Keys.Where(k => Find(k) is null))
                scope.Fail(PropertyPath.Append(path, key), $"unknown property; {Name} takes {string.Join(", ", Properties.Select(p => p.Name))}");
        }
        return read(new ObjectReader(this, map, path, scope));
    }

    /// <summary>Encodes <paramref name="value"/>: absent optionals left out, properties declared secret marked so.</summary>
    public PropertyMap Write(T value)
    {
        var writer = new ObjectWriter(this);
        write(value, writer);
        return writer.ToMap();
    }
}
