using System.Text.Json;
using ProviderHost.Values;

namespace PtSandbox.Harness.Monitor;

/// <summary>
/// A stack's configuration, as <c>pulumi config set [--secret] NAMESPACE:KEY VALUE</c> keeps it: string values under
/// namespaced keys, some secret. The program gets it as the language host passes it (PULUMI_CONFIG,
/// PULUMI_CONFIG_SECRET_KEYS); a default provider gets its package's keys as its inputs.
/// </summary>
public sealed class StackConfig
{
    private readonly SortedDictionary<string, (string Value, bool Secret)> _values = new(StringComparer.Ordinal);

    /// <param name="key"><c>namespace:name</c>, e.g. <c>ptsandbox:host</c> or <c>PROJECT:rotationKey</c>.</param>
    public StackConfig Set(string key, string value, bool secret = false)
    {
        if (key.Split(':').Length != 2) throw new ArgumentException($"config key '{key}' is not namespace:name", nameof(key));
        lock (_values) _values[key] = (value, secret);
        return this;
    }

    /// <summary>Every key of a provider config (string values, secrets secret) under <paramref name="namespace"/>, as
    /// <c>pulumi config set [--secret] NAMESPACE:KEY</c> would keep them: the inverse of <see cref="PackageConfig"/>.</summary>
    public StackConfig SetAll(string @namespace, PropertyMap config)
    {
        foreach (var (key, value) in config)
            Set($"{@namespace}:{key}", value.Unsecret().StringValue, value.IsSecret);
        return this;
    }

    public StackConfig Remove(string key)
    {
        lock (_values) _values.Remove(key);
        return this;
    }

    /// <summary>The secret values: what must never appear in plain text in state or logs.</summary>
    public IReadOnlyList<string> SecretValues { get { lock (_values) return _values.Values.Where(v => v.Secret).Select(v => v.Value).ToList(); } }

    /// <summary>PULUMI_CONFIG: keys in the old <c>namespace:config:name</c> form, as pulumi-language-nodejs passes them.</summary>
    public string ProgramConfigJson()
    {
        lock (_values)
            return JsonSerializer.Serialize(_values.ToDictionary(kv => kv.Key.Replace(":", ":config:"), kv => kv.Value.Value));
    }

    /// <summary>PULUMI_CONFIG_SECRET_KEYS: the secret keys as set (<c>namespace:name</c>).</summary>
    public string ProgramSecretKeysJson()
    {
        lock (_values) return JsonSerializer.Serialize(_values.Where(kv => kv.Value.Secret).Select(kv => kv.Key).ToList());
    }

    /// <summary>A default provider's inputs: the package's keys without the namespace, string values, secrets secret.</summary>
    public PropertyMap PackageConfig(string package)
    {
        lock (_values)
            return PropertyMap.From(_values
                .Where(kv => kv.Key.StartsWith(package + ":", StringComparison.Ordinal))
                .Select(kv => KeyValuePair.Create(kv.Key[(package.Length + 1)..],
                    kv.Value.Secret ? PropertyValue.Secret(PropertyValue.From(kv.Value.Value)) : PropertyValue.From(kv.Value.Value))));
    }
}
