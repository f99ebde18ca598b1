using System.Text.Json;
using System.Text.Json.Nodes;
using ProviderHost.Values;

namespace PtSandbox.Harness.Monitor;

/// <summary>
/// One resource as the monitor keeps it between runs, after Pulumi's checkpoint (apitype.ResourceV3): a provider
/// resource is a custom resource of type <c>pulumi:providers:PKG</c> whose id the resources it serves name in
/// <see cref="Provider"/> (<c>URN::ID</c>).
/// </summary>
/// <param name="External">Read by the program (<c>.get</c>), not managed: leaving the program drops it without a Delete.</param>
/// <param name="PendingDelete">A replaced resource whose deletion has not happened yet (a run failed before it).</param>
public sealed record ResourceRecord(
    string Urn,
    string Type,
    bool Custom,
    string Id,
    string Parent,
    string Provider,
    PropertyMap Inputs,
    PropertyMap Outputs,
    IReadOnlyList<string> Dependencies,
    bool External = false,
    bool PendingDelete = false)
{
    public string Name => Urns.Name(Urn);

    /// <summary>The provider reference that names this resource when it is a provider.</summary>
    public string Reference => $"{Urn}::{Id}";

    public bool IsProvider => Type.StartsWith(ProviderRegistry.ProviderTypePrefix, StringComparison.Ordinal);
}

/// <summary>
/// A stack's resources, in the order they were registered (so dependencies come first), saved as JSON. Every secret
/// value is saved encrypted in Pulumi's shape, <c>{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
/// "ciphertext": "…"}</c>; nothing under a secret is ever written in plain text.
/// </summary>
public sealed class StackState
{
    private const string CiphertextKey = "ciphertext";

    public StackState(IReadOnlyList<ResourceRecord> resources) => Resources = resources;

    public static StackState Empty { get; } = new([]);

    public IReadOnlyList<ResourceRecord> Resources { get; }

    /// <summary>The resource with <paramref name="urn"/> that is not waiting for deletion; null when there is none.</summary>
    public ResourceRecord? Find(string urn) => Resources.FirstOrDefault(r => r.Urn == urn && !r.PendingDelete);

    /// <summary>The custom resources the program manages (no providers, nothing read): what a sandbox holds for this stack.</summary>
    public IEnumerable<ResourceRecord> Managed => Resources.Where(r => r.Custom && !r.IsProvider && !r.External);

    public static StackState Load(string path, SecretCipher cipher)
    {
        if (!File.Exists(path)) return Empty;
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var resources = root["resources"]!.AsArray().Select(node =>
        {
            var r = node!.AsObject();
            return new ResourceRecord(
                (string)r["urn"]!, (string)r["type"]!, (bool)r["custom"]!, (string?)r["id"] ?? "", (string?)r["parent"] ?? "",
                (string?)r["provider"] ?? "", ToMap(r["inputs"], cipher), ToMap(r["outputs"], cipher),
                r["dependencies"]?.AsArray().Select(d => (string)d!).ToList() ?? [],
                (bool?)r["external"] ?? false, (bool?)r["delete"] ?? false);
        }).ToList();
        return new StackState(resources);
    }

    /// <summary>Writes the state to a temporary file and renames it over <paramref name="path"/>.</summary>
    public void Save(string path, SecretCipher cipher)
    {
        var resources = new JsonArray();
        foreach (var r in Resources)
        {
            var node = new JsonObject
            {
                ["urn"] = r.Urn, ["type"] = r.Type, ["custom"] = r.Custom, ["id"] = r.Id, ["parent"] = r.Parent,
                ["provider"] = r.Provider, ["inputs"] = ToJson(r.Inputs, cipher), ["outputs"] = ToJson(r.Outputs, cipher),
                ["dependencies"] = new JsonArray(r.Dependencies.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
            };
            if (r.External) node["external"] = true;
            if (r.PendingDelete) node["delete"] = true;
            resources.Add(node);
        }
        var root = new JsonObject { ["version"] = 3, ["secretsProvider"] = "aes-256-gcm", ["resources"] = resources };
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temporary, path, overwrite: true);
    }

    private static JsonObject ToJson(PropertyMap map, SecretCipher cipher)
    {
        var json = new JsonObject();
        foreach (var (key, value) in map) json[key] = ToJson(value, cipher);
        return json;
    }

    private static JsonNode? ToJson(PropertyValue value, SecretCipher cipher)
    {
        if (value.IsSecret)
        {
            var plain = ToJson(value.Unsecret(), cipher)?.ToJsonString() ?? "null";
            return new JsonObject { [Sentinels.SignatureKey] = Sentinels.SecretSignature, [CiphertextKey] = cipher.Encrypt(plain) };
        }
        return value.Kind switch
        {
            PropertyValueKind.Null => null,
            PropertyValueKind.Bool => JsonValue.Create(value.BoolValue),
            PropertyValueKind.Number => JsonValue.Create(value.NumberValue),
            PropertyValueKind.String => JsonValue.Create(value.StringValue),
            PropertyValueKind.Array => new JsonArray(value.ArrayValue.Select(v => ToJson(v, cipher)).ToArray()),
            PropertyValueKind.Object => ToJson(value.ObjectValue, cipher),
            PropertyValueKind.Special => ToJson(value.SpecialFields, cipher),
            _ => throw new InvalidOperationException("an unknown value cannot be saved in state"),
        };
    }

    private static PropertyMap ToMap(JsonNode? node, SecretCipher cipher) =>
        node is JsonObject json
            ? PropertyMap.From(json.Select(kv => KeyValuePair.Create(kv.Key, ToValue(kv.Value, cipher))))
            : PropertyMap.Empty;

    private static PropertyValue ToValue(JsonNode? node, SecretCipher cipher)
    {
        switch (node)
        {
            case null:
                return PropertyValue.Null;
            case JsonArray array:
                return PropertyValue.From(array.Select(n => ToValue(n, cipher)));
            case JsonObject obj when obj[Sentinels.SignatureKey] is JsonValue signature:
                if ((string?)signature == Sentinels.SecretSignature)
                    return PropertyValue.Secret(ToValue(JsonNode.Parse(cipher.Decrypt((string)obj[CiphertextKey]!)), cipher));
                return PropertyValue.Special(ToMap(obj, cipher));
            case JsonObject obj:
                return PropertyValue.From(ToMap(obj, cipher));
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return PropertyValue.From((string)value!);
            case JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return PropertyValue.From((bool)value);
            case JsonValue value:
                return PropertyValue.From((double)value);
            default:
                throw new FormatException($"unexpected JSON in state: {node}");
        }
    }
}
