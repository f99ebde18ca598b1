using ProviderHost.Resources;
using ProviderHost.Values;

namespace PtSandbox.Provider.Configuration;

/// <summary>CheckConfig, DiffConfig and Configure for the ptsandbox provider.</summary>
internal sealed class ProviderConfiguration(SandboxConnection connection, Func<string, string?> environment) : IProviderConfiguration
{
    public CheckResult CheckConfig(PropertyMap olds, PropertyMap news)
    {
        var (_, problems) = SettingsParser.Parse(new ConfigValues(news, environment));
        var failures = problems.Select(p => new CheckFailure(p.Key.Name, p.Reason)).ToList();
        return new CheckResult(news, failures);
    }

    /// <summary>
    /// A new host means the tokens live on another sandbox: every token is replaced. Other keys change how we
    /// log in, not what exists, so they update in place.
    /// </summary>
    public DiffResult DiffConfig(PropertyMap oldOutputs, PropertyMap oldInputs, PropertyMap news)
    {
        var olds = oldInputs.Count > 0 ? oldInputs : oldOutputs;
        var changed = ConfigKeys.All.Select(k => k.Name)
            .Where(name => !Equals(olds.Find(name)?.Unsecret(), news.Find(name)?.Unsecret()))
            .ToList();
        if (changed.Count == 0) return DiffResult.NoChanges;
        var replaces = changed.Where(name => name == ConfigKeys.Host.Name).ToList();
        var detailed = changed.ToDictionary(name => name, name => new PropertyDiff(
            replaces.Contains(name) ? PropertyDiffKind.UpdateReplace : PropertyDiffKind.Update));
        return new DiffResult(DiffChanges.Some, changed, replaces, detailed);
    }

    public Task ConfigureAsync(PropertyMap args, CancellationToken cancellationToken)
    {
        var (settings, problems) = SettingsParser.Parse(new ConfigValues(args, environment));
        var missing = problems.Where(p => p.Missing).ToList();
        if (missing.Count > 0)
            throw new MissingConfigurationException(missing
                .Select(p => new MissingConfigurationException.Key(p.Key.QualifiedName, $"{p.Key.Description} (or set {p.Key.EnvironmentVariable})"))
                .ToList());
        if (problems.Count > 0)
            throw new ProviderException("invalid ptsandbox configuration: " +
                string.Join("; ", problems.Select(p => $"{p.Key.Name} {p.Reason}")), Grpc.Core.StatusCode.InvalidArgument);
        if (settings is null)
            throw new ProviderException("ptsandbox configuration is not known yet (it depends on outputs of other resources)");
        connection.Configure(settings);
        return Task.CompletedTask;
    }
}
