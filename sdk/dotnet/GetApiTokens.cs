// *** Hand-maintained mirror of pulumi-language-dotnet codegen output for provider/schema.json. ***
// *** Keep in sync with the schema: tests/PtSandbox.Sdk.Tests fails when this file drifts from it. ***

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading.Tasks;
using Pulumi.Serialization;

namespace Pulumi.PtSandbox
{
    public static class GetApiTokens
    {
        /// <summary>
        /// Lists the sandbox's Public API tokens (never their secrets), optionally only those with a given name.
        /// </summary>
        public static Task<GetApiTokensResult> InvokeAsync(GetApiTokensArgs? args = null, InvokeOptions? options = null)
            => global::Pulumi.Deployment.Instance.InvokeAsync<GetApiTokensResult>("ptsandbox:index:getApiTokens", args ?? new GetApiTokensArgs(), options.WithDefaults());

        /// <summary>
        /// Lists the sandbox's Public API tokens (never their secrets), optionally only those with a given name.
        /// </summary>
        public static Output<GetApiTokensResult> Invoke(GetApiTokensInvokeArgs? args = null, InvokeOptions? options = null)
            => global::Pulumi.Deployment.Instance.Invoke<GetApiTokensResult>("ptsandbox:index:getApiTokens", args ?? new GetApiTokensInvokeArgs(), options.WithDefaults());

        /// <summary>
        /// Lists the sandbox's Public API tokens (never their secrets), optionally only those with a given name.
        /// </summary>
        public static Output<GetApiTokensResult> Invoke(GetApiTokensInvokeArgs args, InvokeOutputOptions options)
            => global::Pulumi.Deployment.Instance.Invoke<GetApiTokensResult>("ptsandbox:index:getApiTokens", args ?? new GetApiTokensInvokeArgs(), options.WithDefaults());
    }


    public sealed class GetApiTokensArgs : global::Pulumi.InvokeArgs
    {
        /// <summary>
        /// Only tokens with exactly this name.
        /// </summary>
        [Input("name")]
        public string? Name { get; set; }

        public GetApiTokensArgs()
        {
        }
        public static new GetApiTokensArgs Empty => new GetApiTokensArgs();
    }

    public sealed class GetApiTokensInvokeArgs : global::Pulumi.InvokeArgs
    {
        /// <summary>
        /// Only tokens with exactly this name.
        /// </summary>
        [Input("name")]
        public Input<string>? Name { get; set; }

        public GetApiTokensInvokeArgs()
        {
        }
        public static new GetApiTokensInvokeArgs Empty => new GetApiTokensInvokeArgs();
    }


    [OutputType]
    public sealed class GetApiTokensResult
    {
        /// <summary>
        /// The tokens, in the sandbox's order.
        /// </summary>
        public readonly ImmutableArray<Outputs.TokenSummary> Tokens;
        /// <summary>
        /// How many tokens matched.
        /// </summary>
        public readonly int Total;

        [OutputConstructor]
        private GetApiTokensResult(
            ImmutableArray<Outputs.TokenSummary> tokens,

            int total)
        {
            Tokens = tokens;
            Total = total;
        }
    }
}
