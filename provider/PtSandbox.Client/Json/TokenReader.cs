using System.Globalization;
using System.Text.Json;

namespace PtSandbox.Client.Json;

/// <summary>The body of a success answer does not have the shape the client relies on; the text names the problem, never a value.</summary>
internal sealed class WireFormatException(string problem) : Exception(problem);

/// <summary>What a create answer held, field by field, with what was unusable. Never fails.</summary>
internal sealed record CreateAnswer(string? Secret, long? Id, string? Key, SandboxToken? Token, IReadOnlyList<string> Problems);

/// <summary>
/// Reads the token listing and the create answer field by field. A listing is all or nothing: any entry that is not
/// a token makes it an error, since acting on part of it could drop or adopt the wrong token. A create answer is
/// read as far as it goes, because the token it reports exists even when some field is malformed.
/// </summary>
internal static class TokenReader
{
    /// <remarks>
    /// The listing is walked with a reader, and each entry, the count and nothing else become a small document of
    /// their own. A document of the whole listing would take listing-sized arrays from the shared array pool, which
    /// keeps one of each size per thread that gave one back: a long-lived provider held a few hundred KiB more for
    /// every thread that had ever read a listing.
    /// </remarks>
    public static TokenListing ReadListing(byte[] body)
    {
        var (rootKind, entries, total) = Outline(body);
        if (rootKind != JsonValueKind.Object) throw new WireFormatException($"the listing is {Describe(rootKind)}, not an object");
        if (entries is null) throw new WireFormatException("the listing has no \"entries\" array");
        if (total is not { } count) throw new WireFormatException("the listing has no \"total\" count");

        var tokens = new List<SandboxToken>(entries.Count);
        var live = new HashSet<long>();
        var index = 0;
        foreach (var (start, length) in entries)
        {
            using var document = Parse(body.AsMemory(start, length)) ?? throw new WireFormatException("not JSON");
            var problems = new List<string>();
            var token = ReadToken(document.RootElement, problems);
            if (token is null) throw new WireFormatException($"listing entry {index}: {string.Join("; ", problems)}");
            if (token.Deleted is null && !live.Add(token.Id)) throw new WireFormatException($"token id {token.Id} is listed twice as live");
            tokens.Add(token);
            index++;
        }
        return new TokenListing(count, tokens);
    }

    /// <summary>
    /// The listing's shape in one pass: the kind of its root, where each of its entries lies (null when "entries" is
    /// absent or not a list), and its count (null when "total" is absent or no count). Throws "not JSON" for a body
    /// that is not exactly one JSON value, or whose root names a property twice.
    /// </summary>
    private static (JsonValueKind Root, List<(int Start, int Length)>? Entries, int? Total) Outline(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read()) throw new WireFormatException("not JSON");
            var root = reader.TokenType switch
            {
                JsonTokenType.StartObject => JsonValueKind.Object,
                JsonTokenType.StartArray => JsonValueKind.Array,
                JsonTokenType.String => JsonValueKind.String,
                JsonTokenType.Number => JsonValueKind.Number,
                JsonTokenType.True => JsonValueKind.True,
                JsonTokenType.False => JsonValueKind.False,
                _ => JsonValueKind.Null,
            };
            List<(int, int)>? entries = null;
            int? total = null;
            if (root == JsonValueKind.Object)
            {
                var names = new HashSet<string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    // A field given twice (or two "entries") contradicts itself: which one the sandbox meant cannot be known.
                    var name = reader.GetString()!;
                    if (!names.Add(name)) throw new WireFormatException("not JSON");
                    reader.Read();
                    switch (name)
                    {
                        case "entries" when reader.TokenType == JsonTokenType.StartArray:
                            entries = [];
                            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                            {
                                var start = (int)reader.TokenStartIndex;
                                reader.Skip();
                                entries.Add((start, (int)reader.BytesConsumed - start));
                            }
                            break;
                        case "total":
                            total = TryCount(JsonElement.ParseValue(ref reader), out var count) ? count : null;
                            break;
                        default:
                            reader.Skip();
                            break;
                    }
                }
            }
            else reader.Skip();
            if (reader.Read()) throw new WireFormatException("not JSON");
            return (root, entries, total);
        }
        catch (JsonException)
        {
            throw new WireFormatException("not JSON");
        }
    }

    public static CreateAnswer ReadCreateAnswer(byte[] body)
    {
        var problems = new List<string>();
        using var document = Parse(body);
        if (document is null || document.RootElement.ValueKind != JsonValueKind.Object)
        {
            problems.Add(document is null ? "the answer is not JSON" : $"the answer is {Describe(document.RootElement)}, not an object");
            return new CreateAnswer(null, null, null, null, problems);
        }
        var root = document.RootElement;
        var secret = root.TryGetProperty("token", out var secretJson) && secretJson.ValueKind == JsonValueKind.String && secretJson.GetString() is { Length: > 0 } s ? s : null;
        if (secret is null) problems.Add("no secret (\"token\") in the answer");
        string? key = null;
        if (root.TryGetProperty("key", out var keyJson) && keyJson.ValueKind == JsonValueKind.String)
        {
            key = keyJson.GetString();
            // A hash that shows the secret is no hash: it would land in a plain output.
            if (secret is not null && key is not null && (key.Contains(secret, StringComparison.Ordinal) || secret.Contains(key, StringComparison.Ordinal)))
            {
                problems.Add("its \"key\" (the secret's hash) holds the secret itself, so tokenHash is left empty");
                key = null;
            }
        }
        var id = root.TryGetProperty("id", out var idJson) && TryId(idJson, out var parsedId) ? parsedId : (long?)null;
        var token = ReadToken(root, problems);
        return new CreateAnswer(secret, id, string.IsNullOrEmpty(key) ? null : key, token, problems);
    }

    /// <summary>A token object; null (with the reasons in <paramref name="problems"/>) when a required field is unusable.</summary>
    private static SandboxToken? ReadToken(JsonElement json, List<string> problems)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{Describe(json)}, not a token object");
            return null;
        }
        var before = problems.Count;
        var id = Required(json, "id", problems, (JsonElement e, out long v) => TryId(e, out v), "a positive integer");
        var name = Required(json, "name", problems, (JsonElement e, out string v) => TryText(e, out v), "a name");
        var created = Required(json, "created", problems, (JsonElement e, out double v) => TryTime(e, out v), "a time");
        var permissions = Required(json, "permissions", problems, (JsonElement e, out IReadOnlyList<string> v) => TryStrings(e, out v), "a list of permission names");
        var comment = Optional(json, "comment", problems, (JsonElement e, out string v) => TryAnyText(e, out v), "text");
        var creator = Optional(json, "creatorLogin", problems, (JsonElement e, out string v) => TryAnyText(e, out v), "text");
        var modified = OptionalValue(json, "modified", problems, (JsonElement e, out double v) => TryTime(e, out v), "a time");
        var deleted = OptionalValue<double>(json, "deleted", problems, TryDeletion, "a time");
        var entryPoint = Optional(json, "entryPoint", problems, (JsonElement e, out TokenEntryPoint v) => TryEntryPoint(e, out v), "an entry point object");
        if (problems.Count > before) return null;
        if (json.TryGetProperty("deleted", out var flag) && flag.ValueKind == JsonValueKind.True) deleted = created;
        else if (deleted < created - 1)
        {
            problems.Add("\"deleted\" is earlier than \"created\"");
            return null;
        }
        return new SandboxToken(id, name!, comment, permissions!, creator ?? "", created, modified, deleted, entryPoint);
    }

    private delegate bool Reader<T>(JsonElement json, out T value);

    private static T? Required<T>(JsonElement obj, string name, List<string> problems, Reader<T> read, string expected)
    {
        if (!obj.TryGetProperty(name, out var json) || json.ValueKind == JsonValueKind.Null)
        {
            problems.Add($"\"{name}\" is missing");
            return default;
        }
        if (read(json, out var value)) return value;
        problems.Add($"\"{name}\" is {Describe(json)}, not {expected}");
        return default;
    }

    private static T? Optional<T>(JsonElement obj, string name, List<string> problems, Reader<T> read, string expected) where T : class =>
        TryOptional(obj, name, problems, read, expected, out var value) ? value : null;

    private static T? OptionalValue<T>(JsonElement obj, string name, List<string> problems, Reader<T> read, string expected) where T : struct =>
        TryOptional(obj, name, problems, read, expected, out var value) ? value : null;

    private static bool TryOptional<T>(JsonElement obj, string name, List<string> problems, Reader<T> read, string expected, out T value)
    {
        value = default!;
        if (!obj.TryGetProperty(name, out var json) || json.ValueKind == JsonValueKind.Null) return false;
        if (read(json, out value)) return true;
        problems.Add($"\"{name}\" is {Describe(json)}, not {expected}");
        return false;
    }

    // A field given twice (or two "entries") contradicts itself: which one the sandbox meant cannot be known.
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    private static JsonDocument? Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return body.Length == 0 ? null : JsonDocument.Parse(body, Strict);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryId(JsonElement json, out long id)
    {
        id = 0;
        var ok = json.ValueKind switch
        {
            JsonValueKind.Number => json.TryGetInt64(out id),
            JsonValueKind.String => long.TryParse(json.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out id),
            _ => false,
        };
        return ok && id > 0;
    }

    private static bool TryCount(JsonElement json, out int count)
    {
        count = 0;
        return json.ValueKind == JsonValueKind.Number && json.TryGetInt32(out count) && count >= 0;
    }

    private static bool TryText(JsonElement json, out string text)
    {
        text = json.ValueKind == JsonValueKind.String ? json.GetString()! : "";
        return text.Length > 0;
    }

    private static bool TryAnyText(JsonElement json, out string text)
    {
        text = json.ValueKind == JsonValueKind.String ? json.GetString()! : "";
        return json.ValueKind == JsonValueKind.String;
    }

    /// <summary>UNIX seconds as a number or numeric string, or an RFC 3339 / ISO 8601 time with an offset.</summary>
    private static bool TryTime(JsonElement json, out double seconds)
    {
        seconds = 0;
        switch (json.ValueKind)
        {
            case JsonValueKind.Number:
                return json.TryGetDouble(out seconds) && IsPlausible(seconds);
            case JsonValueKind.String:
                var text = json.GetString()!;
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds)) return IsPlausible(seconds);
                if (text.Length >= 20 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
                {
                    seconds = time.ToUnixTimeMilliseconds() / 1000.0;
                    return IsPlausible(seconds);
                }
                return false;
            default:
                return false;
        }
    }

    /// <summary>Between 1970 and 9999, where RFC 3339 can say it.</summary>
    private static bool IsPlausible(double seconds) => double.IsFinite(seconds) && seconds is >= 0 and < 253402300800;

    /// <summary>A deletion time, or <c>true</c> for a sandbox that only flags deleted tokens (their time then reads as the creation time).</summary>
    private static bool TryDeletion(JsonElement json, out double seconds)
    {
        seconds = 0;
        return json.ValueKind == JsonValueKind.True || TryTime(json, out seconds);
    }

    private static bool TryStrings(JsonElement json, out IReadOnlyList<string> strings)
    {
        strings = [];
        if (json.ValueKind != JsonValueKind.Array) return false;
        var list = new List<string>(json.GetArrayLength());
        foreach (var item in json.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) return false;
            list.Add(item.GetString()!);
        }
        strings = list;
        return true;
    }

    private static bool TryEntryPoint(JsonElement json, out TokenEntryPoint entryPoint)
    {
        entryPoint = null!;
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("id", out var id)) return false;
        var idText = id.ValueKind switch
        {
            JsonValueKind.String => id.GetString(),
            JsonValueKind.Number => id.GetRawText(),
            _ => null,
        };
        if (string.IsNullOrEmpty(idText)) return false;
        var name = json.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
        entryPoint = new TokenEntryPoint(idText, name);
        return true;
    }

    private static string Describe(JsonElement json) => Describe(json.ValueKind);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
