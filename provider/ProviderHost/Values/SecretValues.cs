using SecretText;

namespace ProviderHost.Values;

/// <summary>The text inside values marked secret, so that no error or log line can show it.</summary>
public static class SecretValues
{
    /// <summary>Registers every string (and number, as text) inside every secret value of <paramref name="map"/>.</summary>
    public static void Register(PropertyMap map, SecretRedactor secrets)
    {
        // Walked without building the sequence Texts returns: every request's maps pass through here.
        foreach (var (_, value) in map) Register(value, insideSecret: false, secrets);
    }

    private static void Register(PropertyValue value, bool insideSecret, SecretRedactor secrets)
    {
        insideSecret |= value.IsSecret;
        switch (value.Kind)
        {
            case PropertyValueKind.String when insideSecret: secrets.Add(value.StringValue); break;
            case PropertyValueKind.Number when insideSecret: secrets.Add(value.NumberText); break;
            case PropertyValueKind.Array: foreach (var item in value.ArrayValue) Register(item, insideSecret, secrets); break;
            case PropertyValueKind.Object: foreach (var (_, item) in value.ObjectValue) Register(item, insideSecret, secrets); break;
        }
    }

    /// <summary>Every string (and number, as text) inside the secret values of <paramref name="map"/>, at any depth.</summary>
    public static IEnumerable<string> Texts(PropertyMap map) => map.Values.SelectMany(value => Texts(value, insideSecret: false));

    private static IEnumerable<string> Texts(PropertyValue value, bool insideSecret)
    {
        insideSecret |= value.IsSecret;
        return value.Kind switch
        {
            PropertyValueKind.String when insideSecret => [value.StringValue],
            PropertyValueKind.Number when insideSecret => [value.NumberText],
            PropertyValueKind.Array => value.ArrayValue.SelectMany(item => Texts(item, insideSecret)),
            PropertyValueKind.Object => value.ObjectValue.Values.SelectMany(item => Texts(item, insideSecret)),
            _ => [],
        };
    }
}
