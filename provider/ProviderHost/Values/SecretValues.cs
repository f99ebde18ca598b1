using SecretText;

namespace ProviderHost.Values;

/// <summary>The text inside values marked secret, so that no error or log line can show it.</summary>
public static class SecretValues
{
    /// <summary>Registers every string (and number, as text) inside every secret value of <paramref name="map"/>.</summary>
    public static void Register(PropertyMap map, SecretRedactor secrets)
    {
        foreach (var value in map.Values) Register(value, secrets, insideSecret: false);
    }

    private static void Register(PropertyValue value, SecretRedactor secrets, bool insideSecret)
    {
        insideSecret |= value.IsSecret;
        switch (value.Kind)
        {
            case PropertyValueKind.String when insideSecret:
                secrets.Add(value.StringValue);
                break;
            case PropertyValueKind.Number when insideSecret:
                secrets.Add(value.ToString());
                break;
            case PropertyValueKind.Array:
                foreach (var item in value.ArrayValue) Register(item, secrets, insideSecret);
                break;
            case PropertyValueKind.Object:
                foreach (var item in value.ObjectValue.Values) Register(item, secrets, insideSecret);
                break;
        }
    }
}
