// *** Hand-maintained mirror of pulumi-language-dotnet codegen output for provider/schema.json. ***
// *** Keep in sync with the schema: tests/PtSandbox.Sdk.Tests fails when this file drifts from it. ***

using System;
using System.Collections.Immutable;

namespace Pulumi.PtSandbox
{
    public static class Config
    {
        [global::System.Diagnostics.CodeAnalysis.SuppressMessage("Microsoft.Design", "IDE1006", Justification = 
        "Double underscore prefix used to avoid conflicts with variable names.")]
        private sealed class __Value<T>
        {
            private readonly Func<T> _getter;
            private T _value = default!;
            private bool _set;

            public __Value(Func<T> getter)
            {
                _getter = getter;
            }

            public T Get() => _set ? _value : _getter();

            public void Set(T value)
            {
                _value = value;
                _set = true;
            }
        }

        private static readonly global::Pulumi.Config __config = new global::Pulumi.Config("ptsandbox");

        private static readonly __Value<string?> _authType = new __Value<string?>(() => __config.Get("authType") ?? "local");
        /// <summary>
        /// How the user logs in: `local` (a PT Sandbox account) or `ldap`. Environment: `PTSANDBOX_AUTH_TYPE`. Defaults to `local`.
        /// </summary>
        public static string? AuthType
        {
            get => _authType.Get();
            set => _authType.Set(value);
        }

        private static readonly __Value<string?> _caCertificate = new __Value<string?>(() => __config.Get("caCertificate"));
        /// <summary>
        /// PEM text, or the path of a PEM file, holding the CA certificate(s) that sign the sandbox's TLS certificate. Environment: `PTSANDBOX_CA_CERT`.
        /// </summary>
        public static string? CaCertificate
        {
            get => _caCertificate.Get();
            set => _caCertificate.Set(value);
        }

        private static readonly __Value<string?> _host = new __Value<string?>(() => __config.Get("host"));
        /// <summary>
        /// The PT Sandbox instance: `name`, `name:port` or a full `https://` / `http://` base URL. A bare name means HTTPS. Environment: `PTSANDBOX_HOST`.
        /// </summary>
        public static string? Host
        {
            get => _host.Get();
            set => _host.Set(value);
        }

        private static readonly __Value<bool?> _insecureSkipVerify = new __Value<bool?>(() => __config.GetBoolean("insecureSkipVerify") ?? false);
        /// <summary>
        /// Skip TLS certificate verification. Only for a sandbox whose self-signed certificate you cannot pin with `caCertificate`. Environment: `PTSANDBOX_INSECURE`. Defaults to `false`.
        /// </summary>
        public static bool? InsecureSkipVerify
        {
            get => _insecureSkipVerify.Get();
            set => _insecureSkipVerify.Set(value);
        }

        private static readonly __Value<string?> _operationTimeout = new __Value<string?>(() => __config.Get("operationTimeout") ?? "5m");
        /// <summary>
        /// How long one operation (a create, read, delete or `getApiTokens`, with its login and retries) may take when the resource sets no `customTimeouts`: a number of seconds or a duration such as `90s`, `5m` (1 s to 24 h). Environment: `PTSANDBOX_OPERATION_TIMEOUT`. Defaults to `5m`.
        /// </summary>
        public static string? OperationTimeout
        {
            get => _operationTimeout.Get();
            set => _operationTimeout.Set(value);
        }

        private static readonly __Value<string?> _password = new __Value<string?>(() => __config.Get("password"));
        /// <summary>
        /// Password of the UI user that manages the tokens. Environment: `PTSANDBOX_PASSWORD`.
        /// </summary>
        public static string? Password
        {
            get => _password.Get();
            set => _password.Set(value);
        }

        private static readonly __Value<string?> _requestTimeout = new __Value<string?>(() => __config.Get("requestTimeout") ?? "30s");
        /// <summary>
        /// How long one HTTP attempt may take, from connecting to the last byte of the answer: a number of seconds or a duration such as `30s`, `2m`, `1m30s` (1 s to 1 h). Environment: `PTSANDBOX_REQUEST_TIMEOUT`. Defaults to `30s`.
        /// </summary>
        public static string? RequestTimeout
        {
            get => _requestTimeout.Get();
            set => _requestTimeout.Set(value);
        }

        private static readonly __Value<string?> _username = new __Value<string?>(() => __config.Get("username"));
        /// <summary>
        /// UI user that manages the tokens; it becomes each token's `creatorLogin`. Environment: `PTSANDBOX_USERNAME`.
        /// </summary>
        public static string? Username
        {
            get => _username.Get();
            set => _username.Set(value);
        }

    }
}
