using System.Text.Json.Nodes;

namespace PtSandbox.Sdk.Tests;

/// <summary>
/// Read-only view of a Pulumi package schema (provider/schema.json), plus the naming rules that
/// pulumi-language-dotnet applies to it. Tests mutate a <see cref="Clone"/> to prove the comparison can fail.
/// </summary>
internal sealed class PulumiSchema
{
    public PulumiSchema(JsonObject root) => Root = root;

    public JsonObject Root { get; }

    public static PulumiSchema Load(string path) =>
        new(JsonNode.Parse(File.ReadAllText(path))?.AsObject()
            ?? throw new InvalidOperationException($"{path} is not a JSON object"));

    public PulumiSchema Clone() => new(Root.DeepClone().AsObject());

    public string Name => Str(Root, "name") ?? throw new InvalidOperationException("schema has no name");

    public string? Version => Str(Root, "version");

    /// <summary>The C# namespace segment: language.csharp.namespaces[name], else the name with its first letter upper-cased.</summary>
    public string NamespaceSegment =>
        Str(Root["language"]?["csharp"]?["namespaces"] as JsonObject, Name) ?? UpperFirst(Name);

    /// <summary>Root namespace of the SDK, e.g. Pulumi.PtSandbox.</summary>
    public string RootNamespace => "Pulumi." + NamespaceSegment;

    public IEnumerable<KeyValuePair<string, JsonObject>> Resources => Objects(Root["resources"] as JsonObject);

    public IEnumerable<KeyValuePair<string, JsonObject>> Functions => Objects(Root["functions"] as JsonObject);

    public IEnumerable<KeyValuePair<string, JsonObject>> ObjectTypes =>
        Objects(Root["types"] as JsonObject).Where(t => Str(t.Value, "type") == "object" && t.Value["enum"] is null);

    public IEnumerable<KeyValuePair<string, JsonObject>> EnumTypes =>
        Objects(Root["types"] as JsonObject).Where(t => t.Value["enum"] is JsonArray);

    public JsonObject? Provider => Root["provider"] as JsonObject;

    public IReadOnlyList<KeyValuePair<string, JsonObject>> ConfigVariables =>
        Objects(Root["config"]?["variables"] as JsonObject).ToList();

    public JsonObject? TypeSpec(string token) => Root["types"]?[token] as JsonObject;

    public bool IsEnum(string token) => TypeSpec(token)?["enum"] is JsonArray;

    // ----- helpers shared by the comparer -----

    public static IEnumerable<KeyValuePair<string, JsonObject>> Objects(JsonObject? node) =>
        node is null
            ? Enumerable.Empty<KeyValuePair<string, JsonObject>>()
            : node.Where(kv => kv.Value is JsonObject)
                .Select(kv => new KeyValuePair<string, JsonObject>(kv.Key, (JsonObject)kv.Value!))
                .OrderBy(kv => kv.Key, StringComparer.Ordinal);

    /// <summary>The "properties" map of an object-like spec, sorted by name as the schema binder sorts them.</summary>
    public static IReadOnlyList<KeyValuePair<string, JsonObject>> Properties(JsonObject? spec, string key = "properties") =>
        Objects(spec?[key] as JsonObject).ToList();

    public static ISet<string> Names(JsonObject? spec, string key)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (spec?[key] is JsonArray array)
        {
            foreach (var item in array)
            {
                if (item?.GetValue<string>() is { } s)
                {
                    set.Add(s);
                }
            }
        }

        return set;
    }

    public static string? Str(JsonNode? node, string key) =>
        node is JsonObject obj && obj[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static bool Flag(JsonObject spec, string key) =>
        spec[key] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>The member part of a token: ptsandbox:index:ApiToken becomes ApiToken.</summary>
    public static string MemberName(string token)
    {
        var parts = token.Split(':');
        if (parts.Length != 3)
        {
            throw new InvalidOperationException($"malformed token {token}");
        }

        return parts[2];
    }

    /// <summary>Class name codegen derives from a token: the member with its first letter upper-cased.</summary>
    public static string ClassName(string token) => UpperFirst(MemberName(token));

    /// <summary>Property name codegen derives from a wire name: first letter upper-cased, hyphens removed.</summary>
    public static string PropertyName(string wireName)
    {
        return UpperFirst(Unhyphenate(wireName));
    }

    /// <summary>Parameter name codegen uses in [OutputConstructor]s (C# keywords get an @ prefix).</summary>
    public static string ParameterName(string wireName)
    {
        var name = Unhyphenate(wireName.TrimStart('$'));
        return Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None
            ? "@" + name
            : name;
    }

    /// <summary>foo-bar becomes fooBar, as codegen's Unhyphenate does.</summary>
    public static string Unhyphenate(string s)
    {
        var parts = s.Split('-');
        return parts[0] + string.Concat(parts.Skip(1).Select(UpperFirst));
    }

    public static string UpperFirst(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
