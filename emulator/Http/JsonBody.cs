using System.Text.Json;

namespace PtSandbox.Emulator.Http;

/// <summary>
/// Reads a request body as a JSON object with <see cref="JsonDocument"/> (no reflection), enforcing the
/// real UI API's rule that a body may not contain a JSON null anywhere.
/// </summary>
internal static class JsonBody
{
    public sealed record Result(JsonDocument? Document, string? Error)
    {
        public JsonElement Root => Document!.RootElement;
    }

    public static async Task<Result> ReadObjectAsync(HttpRequest request, bool allowNulls = false)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return new Result(null, "Request body is not valid JSON");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return new Result(null, "Request body must be a JSON object");
        }

        if (!allowNulls && FindNull(document.RootElement, "$") is { } where)
        {
            document.Dispose();
            return new Result(null, $"Null values are not allowed ({where})");
        }

        request.HttpContext.Response.RegisterForDispose(document);
        return new Result(document, null);
    }

    /// <summary>JSON path of the first null value inside <paramref name="element"/>, or null.</summary>
    internal static string? FindNull(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return path;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (FindNull(property.Value, $"{path}.{property.Name}") is { } found)
                        return found;
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindNull(item, $"{path}[{index}]") is { } found)
                        return found;
                    index++;
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>A string property: absent → (false, null, null); wrong type → error.</summary>
    public static (bool Present, string? Value, string? Error) OptionalString(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value))
            return (false, null, null);
        return value.ValueKind switch
        {
            JsonValueKind.String => (true, value.GetString(), null),
            JsonValueKind.Null => (true, null, null),
            _ => (true, null, $"'{name}' must be a string"),
        };
    }

    /// <summary>An array of strings; an error for any other shape or a non-string item.</summary>
    public static (string[]? Value, string? Error) StringArray(JsonElement value, string name)
    {
        if (value.ValueKind != JsonValueKind.Array)
            return (null, $"'{name}' must be an array of strings");
        var items = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                return (null, $"'{name}' must be an array of strings");
            items.Add(item.GetString()!);
        }
        return (items.ToArray(), null);
    }
}
