// *** Hand-maintained mirror of pulumi-language-dotnet codegen output for provider/schema.json. ***
// *** Keep in sync with the schema: tests/PtSandbox.Sdk.Tests fails when this file drifts from it. ***

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading.Tasks;
using Pulumi.Serialization;

namespace Pulumi.PtSandbox
{
    /// <summary>
    /// The provider type for the ptsandbox package. Every value can also come from its environment variable.
    /// </summary>
    [PtSandboxResourceType("pulumi:providers:ptsandbox")]
    public partial class Provider : global::Pulumi.ProviderResource
    {
        /// <summary>
        /// How the user logs in: `local` (a PT Sandbox account) or `ldap`. Environment: `PTSANDBOX_AUTH_TYPE`. Defaults to `local`.
        /// </summary>
        [Output("authType")]
        public Output<string?> AuthType { get; private set; } = null!;

        /// <summary>
        /// PEM text, or the path of a PEM file, holding the CA certificate(s) that sign the sandbox's TLS certificate. Environment: `PTSANDBOX_CA_CERT`.
        /// </summary>
        [Output("caCertificate")]
        public Output<string?> CaCertificate { get; private set; } = null!;

        /// <summary>
        /// The PT Sandbox instance: `name`, `name:port` or a full `https://` / `http://` base URL. A bare name means HTTPS. Environment: `PTSANDBOX_HOST`.
        /// </summary>
        [Output("host")]
        public Output<string?> Host { get; private set; } = null!;

        /// <summary>
        /// How long one operation (a create, read, delete or `getApiTokens`, with its login and retries) may take when the resource sets no `customTimeouts`: a number of seconds or a duration such as `90s`, `5m` (1 s to 24 h). Environment: `PTSANDBOX_OPERATION_TIMEOUT`. Defaults to `5m`.
        /// </summary>
        [Output("operationTimeout")]
        public Output<string?> OperationTimeout { get; private set; } = null!;

        /// <summary>
        /// Password of the UI user that manages the tokens. Environment: `PTSANDBOX_PASSWORD`.
        /// </summary>
        [Output("password")]
        public Output<string?> Password { get; private set; } = null!;

        /// <summary>
        /// How long one HTTP attempt may take, from connecting to the last byte of the answer: a number of seconds or a duration such as `30s`, `2m`, `1m30s` (1 s to 1 h). Environment: `PTSANDBOX_REQUEST_TIMEOUT`. Defaults to `30s`.
        /// </summary>
        [Output("requestTimeout")]
        public Output<string?> RequestTimeout { get; private set; } = null!;

        /// <summary>
        /// UI user that manages the tokens; it becomes each token's `creatorLogin`. Environment: `PTSANDBOX_USERNAME`.
        /// </summary>
        [Output("username")]
        public Output<string?> Username { get; private set; } = null!;


        /// <summary>
        /// Create a Provider resource with the given unique name, arguments, and options.
        /// </summary>
        ///
        /// <param name="name">The unique name of the resource</param>
        /// <param name="args">The arguments used to populate this resource's properties</param>
        /// <param name="options">A bag of options that control this resource's behavior</param>
        public Provider(string name, ProviderArgs? args = null, CustomResourceOptions? options = null)
            : base("ptsandbox", name, args ?? new ProviderArgs(), MakeResourceOptions(options, ""))
        {
        }

        private static CustomResourceOptions MakeResourceOptions(CustomResourceOptions? options, Input<string>? id)
        {
            var defaultOptions = new CustomResourceOptions
            {
                Version = Utilities.Version,
                AdditionalSecretOutputs =
                {
                    "password",
                },
            };
            var merged = CustomResourceOptions.Merge(defaultOptions, options);
            // Override the ID if one was specified for consistency with other language SDKs.
            merged.Id = id ?? merged.Id;
            return merged;
        }
    }

    public sealed class ProviderArgs : global::Pulumi.ResourceArgs
    {
        /// <summary>
        /// How the user logs in: `local` (a PT Sandbox account) or `ldap`. Environment: `PTSANDBOX_AUTH_TYPE`. Defaults to `local`.
        /// </summary>
        [Input("authType")]
        public Input<string>? AuthType { get; set; }

        /// <summary>
        /// PEM text, or the path of a PEM file, holding the CA certificate(s) that sign the sandbox's TLS certificate. Environment: `PTSANDBOX_CA_CERT`.
        /// </summary>
        [Input("caCertificate")]
        public Input<string>? CaCertificate { get; set; }

        /// <summary>
        /// The PT Sandbox instance: `name`, `name:port` or a full `https://` / `http://` base URL. A bare name means HTTPS. Environment: `PTSANDBOX_HOST`.
        /// </summary>
        [Input("host")]
        public Input<string>? Host { get; set; }

        /// <summary>
        /// Skip TLS certificate verification. Only for a sandbox whose self-signed certificate you cannot pin with `caCertificate`. Environment: `PTSANDBOX_INSECURE`. Defaults to `false`.
        /// </summary>
        [Input("insecureSkipVerify", json: true)]
        public Input<bool>? InsecureSkipVerify { get; set; }

        /// <summary>
        /// How long one operation (a create, read, delete or `getApiTokens`, with its login and retries) may take when the resource sets no `customTimeouts`: a number of seconds or a duration such as `90s`, `5m` (1 s to 24 h). Environment: `PTSANDBOX_OPERATION_TIMEOUT`. Defaults to `5m`.
        /// </summary>
        [Input("operationTimeout")]
        public Input<string>? OperationTimeout { get; set; }

        [Input("password")]
        private Input<string>? _password;

        /// <summary>
        /// Password of the UI user that manages the tokens. Environment: `PTSANDBOX_PASSWORD`.
        /// </summary>
        public Input<string>? Password
        {
            get => _password;
            set
            {
                var emptySecret = Output.CreateSecret(0);
                _password = Output.Tuple<Input<string>?, int>(value, emptySecret).Apply(t => t.Item1);
            }
        }

        /// <summary>
        /// How long one HTTP attempt may take, from connecting to the last byte of the answer: a number of seconds or a duration such as `30s`, `2m`, `1m30s` (1 s to 1 h). Environment: `PTSANDBOX_REQUEST_TIMEOUT`. Defaults to `30s`.
        /// </summary>
        [Input("requestTimeout")]
        public Input<string>? RequestTimeout { get; set; }

        /// <summary>
        /// UI user that manages the tokens; it becomes each token's `creatorLogin`. Environment: `PTSANDBOX_USERNAME`.
        /// </summary>
        [Input("username")]
        public Input<string>? Username { get; set; }

        public ProviderArgs()
        {
            AuthType = Utilities.GetEnv("PTSANDBOX_AUTH_TYPE") ?? "local";
            CaCertificate = Utilities.GetEnv("PTSANDBOX_CA_CERT");
            Host = Utilities.GetEnv("PTSANDBOX_HOST");
            InsecureSkipVerify = Utilities.GetEnvBoolean("PTSANDBOX_INSECURE") ?? false;
            OperationTimeout = Utilities.GetEnv("PTSANDBOX_OPERATION_TIMEOUT") ?? "5m";
            Password = Utilities.GetEnv("PTSANDBOX_PASSWORD");
            RequestTimeout = Utilities.GetEnv("PTSANDBOX_REQUEST_TIMEOUT") ?? "30s";
            Username = Utilities.GetEnv("PTSANDBOX_USERNAME");
        }
        public static new ProviderArgs Empty => new ProviderArgs();
    }
}
