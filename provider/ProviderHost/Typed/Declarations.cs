namespace ProviderHost.Typed;

// The declarations the ProviderHost source generator reads. Every type they mark must be `partial`: the generator
// adds its shape (schema, decoding, encoding) at compile time, so nothing is discovered by reflection at run time.

/// <summary>A custom resource: a partial class deriving from <see cref="CustomResource{TArgs, TState}"/>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ResourceAttribute(string typeToken) : Attribute
{
    public string TypeToken { get; } = typeToken;
    public string? Description { get; init; }

    /// <summary>Ask the engine to refresh the resource before every update (see ICustomResource.RefreshBeforeUpdate).</summary>
    public bool RefreshBeforeUpdate { get; init; }

    /// <summary>
    /// The optional string input that names the resource: when the program leaves it unset, Check fills it in from
    /// the stack's autonaming configuration or the resource's <c>NewName</c> (seeded by the engine, kept across updates).
    /// </summary>
    public string? AutoName { get; init; }
}

/// <summary>A provider function (invoke): a partial class deriving from <see cref="ProviderFunction{TArgs, TResult}"/>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class FunctionAttribute(string typeToken) : Attribute
{
    public string TypeToken { get; } = typeToken;
    public string? Description { get; init; }
}

/// <summary>
/// A record of properties: a resource's inputs or state, a function's arguments or result, the provider's
/// configuration, or (with <see cref="TypeToken"/>) a named object type under <c>types</c> in the schema.
/// Its public init properties marked <see cref="PropertyAttribute"/> are its properties, base records' included.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PropertiesAttribute : Attribute
{
    public string? TypeToken { get; init; }
    public string? Description { get; init; }
}

/// <summary>
/// A property. Its name on the wire is the C# name in camelCase unless given. A nullable type (or a
/// <see cref="Default"/>) makes it optional; anything else is required.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class PropertyAttribute(string? name = null) : Attribute
{
    public string? Name { get; } = name;
    public string? Description { get; init; }

    /// <summary>Always secret: encrypted in state, never shown, whatever the program marked.</summary>
    public bool Secret { get; init; }

    /// <summary>A change of this input replaces the resource (the schema's willReplaceOnChanges).</summary>
    public bool ReplaceOnChanges { get; init; }

    /// <summary>The value when the program sets none (a string, number or bool).</summary>
    public object? Default { get; init; }

    /// <summary>Environment variables read, in order, when the program sets no value (configuration).</summary>
    public string[]? Environment { get; init; }

    /// <summary>Configuration: a value taken from the environment is recorded in the checked configuration, so
    /// state keeps it and pointing the variable elsewhere is a diff (for keys that say what the resources belong to).</summary>
    public bool RecordEnvironment { get; init; }

    /// <summary>A short phrase for messages (e.g. a missing configuration key), where the description is too long.</summary>
    public string? Summary { get; init; }

    /// <summary>A static class marked <see cref="EnumAttribute"/> whose values a string (or each string of a list) takes.</summary>
    public Type? Enum { get; init; }

    // Rules Check applies to a known value (the schema cannot say them; the description should).

    /// <summary>
    /// A string must match the regular expression of this method of the record: a <c>[GeneratedRegex]</c> partial
    /// method (compiled at build time, so no regular-expression engine is shipped). <see cref="PatternHint"/> says it
    /// in words in the failure.
    /// </summary>
    public string? Pattern { get; init; }
    public string? PatternHint { get; init; }

    /// <summary>A string may have at most this many characters (0: no limit).</summary>
    public int MaxLength { get; init; }

    /// <summary>A list must hold at least this many items (0: no minimum).</summary>
    public int MinItems { get; init; }

    /// <summary>A list may not hold the same value twice.</summary>
    public bool UniqueItems { get; init; }
}

/// <summary>
/// A string enum type: a static partial class whose <c>const string</c> fields, marked <see cref="EnumValueAttribute"/>,
/// are its values. An open enum accepts other values too (the resource decides); a closed one fails Check on them.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EnumAttribute(string typeToken) : Attribute
{
    public string TypeToken { get; } = typeToken;
    public string? Description { get; init; }
    public bool Open { get; init; }
}

[AttributeUsage(AttributeTargets.Field, Inherited = false)]
public sealed class EnumValueAttribute(string description) : Attribute
{
    public string Description { get; } = description;
}
