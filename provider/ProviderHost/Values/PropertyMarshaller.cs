using Google.Protobuf.WellKnownTypes;

namespace ProviderHost.Values;

/// <summary>
/// Converts between the engine's <c>google.protobuf.Struct</c> encoding and <see cref="PropertyMap"/>.
/// Decoding recognises every unknown sentinel and the secret and output-value wrappers at any depth;
/// encoding writes secrets as the secret object and unknowns as the generic unknown sentinel.
/// </summary>
public static class PropertyMarshaller
{
    public static PropertyMap ToPropertyMap(Struct? value)
    {
        if (value is null || value.Fields.Count == 0) return PropertyMap.Empty;
        return PropertyMap.From(value.Fields.Select(f => KeyValuePair.Create(f.Key, ToPropertyValue(f.Value))));
    }

    public static PropertyValue ToPropertyValue(Value? value) => value?.KindCase switch
    {
        null or Value.KindOneofCase.None or Value.KindOneofCase.NullValue => PropertyValue.Null,
        Value.KindOneofCase.BoolValue => PropertyValue.From(value.BoolValue),
        Value.KindOneofCase.NumberValue => PropertyValue.From(value.NumberValue),
        Value.KindOneofCase.StringValue => Sentinels.IsUnknown(value.StringValue)
            ? PropertyValue.Computed
            : PropertyValue.From(value.StringValue),
        Value.KindOneofCase.ListValue => PropertyValue.From(value.ListValue.Values.Select(ToPropertyValue)),
        Value.KindOneofCase.StructValue => FromObject(value.StructValue),
        _ => PropertyValue.Null,
    };

    private static PropertyValue FromObject(Struct obj)
    {
        if (!obj.Fields.TryGetValue(Sentinels.SignatureKey, out var sig) || sig.KindCase != Value.KindOneofCase.StringValue)
            return PropertyValue.From(ToPropertyMap(obj));

        obj.Fields.TryGetValue("value", out var inner);
        switch (sig.StringValue)
        {
            case Sentinels.SecretSignature:
                return PropertyValue.Secret(ToPropertyValue(inner));
            case Sentinels.OutputValueSignature:
                // An output value without "value" is unknown; "secret": true makes it secret.
                var element = inner is null ? PropertyValue.Computed : ToPropertyValue(inner);
                if (obj.Fields.TryGetValue("dependencies", out var deps) && deps.KindCase == Value.KindOneofCase.ListValue)
                    element = element.WithDependencies([.. deps.ListValue.Values.Where(d => d.KindCase == Value.KindOneofCase.StringValue).Select(d => d.StringValue)]);
                var secret = obj.Fields.TryGetValue("secret", out var s) && s.KindCase == Value.KindOneofCase.BoolValue && s.BoolValue;
                return secret ? PropertyValue.Secret(element) : element;
            default:
                return PropertyValue.Special(ToPropertyMap(obj));
        }
    }

    /// <param name="keepSecrets">False when the peer did not say it accepts secrets: values are sent plain.</param>
    public static Struct ToStruct(PropertyMap map, bool keepSecrets = true)
    {
        var result = new Struct();
        foreach (var (key, value) in map)
            result.Fields[key] = ToValue(value, keepSecrets);
        return result;
    }

    public static Value ToValue(PropertyValue value, bool keepSecrets = true)
    {
        if (value.IsSecret && keepSecrets)
        {
            var wrapper = new Struct();
            wrapper.Fields[Sentinels.SignatureKey] = Value.ForString(Sentinels.SecretSignature);
            wrapper.Fields["value"] = ToValue(value.Unsecret(), keepSecrets);
            return Value.ForStruct(wrapper);
        }
        switch (value.Kind)
        {
            case PropertyValueKind.Null: return Value.ForNull();
            case PropertyValueKind.Bool: return Value.ForBool(value.BoolValue);
            case PropertyValueKind.Number: return Value.ForNumber(value.NumberValue);
            case PropertyValueKind.String: return Value.ForString(value.StringValue);
            case PropertyValueKind.Computed: return Value.ForString(Sentinels.UnknownString);
            case PropertyValueKind.Array:
                return Value.ForList(value.ArrayValue.Select(v => ToValue(v, keepSecrets)).ToArray());
            case PropertyValueKind.Object:
                return Value.ForStruct(ToStruct(value.ObjectValue, keepSecrets));
            case PropertyValueKind.Special:
                return Value.ForStruct(ToStruct(value.SpecialFields, keepSecrets));
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "unsupported property value kind");
        }
    }
}
