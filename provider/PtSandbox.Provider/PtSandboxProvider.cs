using System.Reflection;
using Microsoft.Extensions.Logging;
using ProviderHost.Hosting;
using ProviderHost.Resources;
using PtSandbox.Client;
using PtSandbox.Provider.ApiTokens;
using PtSandbox.Provider.Configuration;
using SecretText;

namespace PtSandbox.Provider;

/// <summary>The ptsandbox package: its configuration, the ApiToken resource and the getApiTokens function.</summary>
internal static class PtSandboxProvider
{
    public static string Version { get; } =
        typeof(PtSandboxProvider).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static ProviderDefinition Define(ILoggerProvider engineLogs, SecretRedactor secrets)
    {
        var loggers = new LoggerFactory([engineLogs]);
        var sandbox = new SandboxConnection(loggers, TimeProvider.System, secrets);
        return new ProviderDefinition
        {
            Name = "ptsandbox",
            Version = Version,
            PackageSchema = PackageSchemaSpec.Build,
            Configuration = new ProviderConfiguration(sandbox, Environment.GetEnvironmentVariable, loggers.CreateLogger("PtSandbox.Provider")),
            Resources = [new ApiToken(sandbox)],
            Functions = [new GetApiTokens(sandbox)],
            MapException = FromSandbox,
            OperationTimeout = () => sandbox.OperationTimeout,
            OperationTimeoutSource = "the provider's operationTimeout",
            ServiceLabel = () => $"PT Sandbox {sandbox.Client.Host}",
        };
    }

    /// <summary>
    /// Any failed sandbox call, as the user reads it: the client's one-line message; Unavailable when trying again later
    /// may help, Failed otherwise (both tell the engine nothing changed).
    /// </summary>
    private static ProviderException? FromSandbox(Exception exception) => exception is SandboxApiException ex
        ? new ProviderException(ex.Message, ex.IsTransient ? ProviderErrorKind.Unavailable : ProviderErrorKind.Failed, ex)
        : null;
}
