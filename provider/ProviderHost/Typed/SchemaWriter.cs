using System.Text.Json.Nodes;
using ProviderHost.Values;

namespace ProviderHost.Typed;

/// <summary>Pulumi package-schema entries written from declared shapes.</summary>
public static class SchemaWriter
{
    /// <param name="autoName">The optional input autonaming fills in: always set once Check ran, so a required output.</param>
    public static JsonObject Resource(string typeToken, string? description, ObjectShape args, ObjectShape state, string? autoName = null)
    {
        var entry = new JsonObject();
        if (description is not null) entry["description"] = description;
        entry["properties"] = Properties(state);
        entry["required"] = Required(state, autoName);
        entry["inputProperties"] = Properties(args);
        entry["requiredInputs"] = Required(args);
        // `get` looks a resource up by any of its outputs: every one optional.
        entry["stateInputs"] = new JsonObject
        {
            ["description"] = $"Input properties used for looking up and filtering {Resources.TypeTokens.Name(typeToken)} resources.",
            ["type"] = "object",
            ["properties"] = Properties(state),
        };
        return entry;
    }

    /// <summary>
    /// A resource's <c>listInputs</c>: the query List takes, an object type spec whose properties are written as
    /// <c>inputProperties</c> are (same order, same fields); <c>required</c> only when some are.
    /// </summary>
    public static JsonObject ListInputs(ObjectShape query)
    {
        var entry = new JsonObject();
        if (query.Description is not null) entry["description"] = query.Description;
        entry["type"] = "object";
        entry["properties"] = Properties(query);
        if (Required(query).Count > 0) entry["required"] = Required(query);
        return entry;
    }

    public static JsonObject Function(string? description, ObjectShape args, ObjectShape result)
    {
        var entry = new JsonObject();
        if (description is not null) entry["description"] = description;
        entry["inputs"] = new JsonObject { ["properties"] = Properties(args) };
        if (Required(args).Count > 0) ((JsonObject)entry["inputs"]!)["required"] = Required(args);
        var outputs = new JsonObject();
        if (result.Description is not null) outputs["description"] = result.Description;
        outputs["properties"] = Properties(result);
        outputs["required"] = Required(result);
        entry["outputs"] = outputs;
        return entry;
    }

    /// <summary>A named object type, for <c>types</c>.</summary>
    private static JsonObject ObjectType(ObjectShape shape)
    {
        var entry = new JsonObject { ["type"] = "object" };
        if (shape.Description is not null) entry["description"] = shape.Description;
        entry["properties"] = Properties(shape);
        entry["required"] = Required(shape);
        return entry;
    }

    /// <summary>A string enum type, for <c>types</c>.</summary>
    private static JsonObject EnumType(EnumShape shape)
    {
        var entry = new JsonObject { ["type"] = "string" };
        if (shape.Description is not null) entry["description"] = shape.Description;
        entry["enum"] = new JsonArray([.. shape.Values.Select(v => (JsonNode)new JsonObject
        {
            ["name"] = v.Name,
            ["value"] = v.Text,
            ["description"] = v.Description,
        })]);
        return entry;
    }

    /// <summary>Every named object and enum type reachable from <paramref name="shapes"/>, by type token.</summary>
    public static SortedDictionary<string, JsonObject> Types(params ObjectShape[] shapes)
    {
        var types = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var shape in shapes) Collect(shape, types);
        return types;
    }

    private static void Collect(ObjectShape shape, SortedDictionary<string, JsonObject> types)
    {
        if (shape.TypeToken is { } token)
        {
            if (types.ContainsKey(token)) return;
            types[token] = ObjectType(shape);
        }
        foreach (var spec in shape.Properties) Collect(spec.Type, types);
    }

    private static void Collect(PropertyType type, SortedDictionary<string, JsonObject> types)
    {
        if (type.Enum is { } e) types.TryAdd(e.TypeToken, EnumType(e));
        if (type.Object is { } o) Collect(o, types);
        if (type.Element is { } element) Collect(element, types);
    }

    private static JsonObject Properties(ObjectShape shape)
    {
        var properties = new JsonObject();
        foreach (var spec in shape.Properties.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var property = Type(spec.Type);
            if (spec.Description is not null) property["description"] = spec.Description;
            if (spec.Default is { } value) property["default"] = Json(value);
            if (spec.Environment.Length > 0)
                property["defaultInfo"] = new JsonObject { ["environment"] = new JsonArray([.. spec.Environment.Select(e => (JsonNode)e)]) };
            if (spec.Secret) property["secret"] = true;
            if (spec.ReplaceOnChanges) property["willReplaceOnChanges"] = true;
            properties[spec.Name] = property;
        }
        return properties;
    }

    private static JsonArray Required(ObjectShape shape, string? alwaysSet = null) =>
        new([.. shape.Properties.Where(p => (p.Required && p.Default is null) || p.Name == alwaysSet).Select(p => p.Name).Order(StringComparer.Ordinal).Select(n => (JsonNode)n)]);

    private static JsonObject Type(PropertyType type) => type switch
    {
        { Enum: { } e } => new JsonObject { ["$ref"] = "#/types/" + e.TypeToken },
        { Object: { TypeToken: { } token } } => new JsonObject { ["$ref"] = "#/types/" + token },
        { Kind: PropertyTypeKind.Array } => new JsonObject { ["type"] = "array", ["items"] = Type(type.Element!) },
        { Kind: PropertyTypeKind.Map } => new JsonObject { ["type"] = "object", ["additionalProperties"] = Type(type.Element!) },
        { Kind: PropertyTypeKind.Object } => new JsonObject { ["type"] = "object" },
        _ => new JsonObject { ["type"] = type.Kind.ToString().ToLowerInvariant() },
    };

    private static JsonNode? Json(PropertyValue value) => value.Kind switch
    {
        PropertyValueKind.Bool => value.BoolValue,
        PropertyValueKind.Number => value.NumberValue,
        PropertyValueKind.String => value.StringValue,
        _ => null,
    };
}
