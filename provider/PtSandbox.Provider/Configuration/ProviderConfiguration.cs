using Microsoft.Extensions.Logging;
using ProviderHost.Resources;
using ProviderHost.Values;

namespace PtSandbox.Provider.Configuration;

/// <summary>CheckConfig, DiffConfig and Configure for the ptsandbox provider.</summary>
internal sealed class ProviderConfiguration(SandboxConnection connection, Func<string, string?> environment, ILogger logger) : IProviderConfiguration
{
    private readonly HashSet<string> _warned = [];

    /// <summary>
    /// Validates every key and returns the configuration as it will be used: the keys that say which sandbox and
    /// account the tokens belong to are recorded even when they come from the environment, and secret keys are
    /// wrapped as secrets (the engine sends stack config here unwrapped).
    /// </summary>
    public CheckResult CheckConfig(PropertyMap olds, PropertyMap news)
    {
        var values = new ConfigValues(news, environment);
        var (_, problems) = SettingsParser.Parse(values);
        var failures = problems.Select(p => new CheckFailure(p.Key.Name, p.Reason)).ToList();
        var inputs = news;
        foreach (var key in ConfigKeys.All)
        {
            var value = key.IdentifiesSandbox ? values.Get(key) : values.Given(key);
            if (value is null) continue;
            if (key.Secret)
            {
                connection.Secrets.Add(value.Unsecret() is { Kind: PropertyValueKind.String } text ? text.StringValue : null);
                value = PropertyValue.Secret(value);
            }
            inputs = inputs.Set(key.Name, value);
        }
        return new CheckResult(inputs, failures);
    }

    /// <summary>
    /// A different sandbox means the tokens live elsewhere: every token is replaced. Hosts are compared normalised
    /// (<c>name</c>, <c>https://name:443/</c> and <c>HTTPS://NAME</c> are one sandbox). Other keys change how we log
    /// in, not what exists, so they update in place; so does a host recorded for the first time (a state written
    /// before hosts from the environment were recorded), as nothing tells which sandbox it named.
    /// </summary>
    public DiffResult DiffConfig(PropertyMap oldOutputs, PropertyMap oldInputs, PropertyMap news)
    {
        var olds = oldInputs.Count > 0 ? oldInputs : oldOutputs;
        var changed = new Dictionary<string, PropertyDiff>();
        foreach (var key in ConfigKeys.All)
        {
            var (old, @new) = (olds.Find(key.Name), news.Find(key.Name));
            if (SettingsParser.Normalized(key, old) == SettingsParser.Normalized(key, @new)) continue;
            var replaces = key.ReplacesOnChange && old is not null;
            var kind = (old, @new) switch
            {
                (null, _) => PropertyDiffKind.Add,
                (_, null) => replaces ? PropertyDiffKind.DeleteReplace : PropertyDiffKind.Delete,
                _ => replaces ? PropertyDiffKind.UpdateReplace : PropertyDiffKind.Update,
            };
            changed[key.Name] = new PropertyDiff(kind);
        }
        if (changed.Count == 0) return DiffResult.NoChanges;
        var keys = changed.Keys.ToList();
        var replaced = changed.Where(c => c.Value.Kind is PropertyDiffKind.UpdateReplace or PropertyDiffKind.DeleteReplace).Select(c => c.Key).ToList();
        return new DiffResult(DiffChanges.Some, keys, replaced, changed);
    }

    public Task ConfigureAsync(PropertyMap args, CancellationToken cancellationToken)
    {
        var values = new ConfigValues(args, environment);
        var (settings, problems) = SettingsParser.Parse(values);
        var missing = problems.Where(p => p.Missing).ToList();
        if (missing.Count > 0)
            throw new MissingConfigurationException(missing
                .Select(p => new MissingConfigurationException.Key(p.Key.QualifiedName, $"{p.Key.Description} (or set {p.Key.EnvironmentVariable})"))
                .ToList());
        if (problems.Count > 0)
            throw new ProviderException("invalid ptsandbox configuration: " +
                string.Join("; ", problems.Select(p => $"{p.Key.Name} {p.Reason}")), ProviderErrorKind.InvalidInput);
        if (settings is null)
            throw new ProviderException("ptsandbox configuration is not known yet (it depends on outputs of other resources)");
        connection.Secrets.Add(settings.Password);
        if (values.Given(ConfigKeys.Host) is { IsSecret: true })
        {
            // Messages name the sandbox as host[:port]: a host the program marked secret is masked in that form too.
            connection.Secrets.Add(settings.BaseUrl.Authority);
            connection.Secrets.Add(settings.BaseUrl.Host);
        }
        WarnOnceIfUnprotected(settings);
        connection.Configure(settings);
        return Task.CompletedTask;
    }

    /// <summary>Settings that expose the password and every token secret on the network: said once per provider instance.</summary>
    private void WarnOnceIfUnprotected(SandboxSettings settings)
    {
        if (settings.InsecureSkipVerify && Once("insecure"))
            logger.LogWarning("ptsandbox: insecureSkipVerify is true, so the sandbox's TLS certificate is not checked and anyone on the network path can pose as the sandbox and receive the password and every new token secret; set caCertificate to the sandbox's CA instead");
        if (settings.BaseUrl.Scheme == Uri.UriSchemeHttp && Once("http"))
            logger.LogWarning("ptsandbox: host {Host} uses plain HTTP, so the password, the session and every new token secret cross the network unencrypted; use https://", settings.BaseUrl.Authority);
    }

    private bool Once(string warning)
    {
        lock (_warned) return _warned.Add(warning);
    }
}
