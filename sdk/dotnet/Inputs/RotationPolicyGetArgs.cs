// *** Hand-maintained mirror of pulumi-language-dotnet codegen output for provider/schema.json. ***
// *** Keep in sync with the schema: tests/PtSandbox.Sdk.Tests fails when this file drifts from it. ***

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading.Tasks;
using Pulumi.Serialization;

namespace Pulumi.PtSandbox.Inputs
{

    /// <summary>
    /// When the provider rotates a token by itself, and how long the token a rotation replaces stays valid. Durations are written in days, hours and minutes: `30d`, `720h`, `1d12h`, `90m`.
    /// </summary>
    public sealed class RotationPolicyGetArgs : global::Pulumi.ResourceArgs
    {
        /// <summary>
        /// Rotate this much before `rotateAfter` is reached, so that a token never outlives `rotateAfter` when `pulumi up` runs at least this often (for example `7d` with a weekly scheduled run). Needs `rotateAfter`, and must be shorter.
        /// </summary>
        [Input("earlyRotationWindow")]
        public Input<string>? EarlyRotationWindow { get; set; }

        /// <summary>
        /// Keep the token a rotation replaces valid for this long after its successor is created, so consumers that pick up the new secret later never meet a revoked one. A rotation is then an in-place update: the new token is created, the old one is listed in `retiringTokens` and deleted by the first `pulumi up` (or `pulumi destroy`) after this time. Unset: a rotation replaces the resource, and the old token is deleted at the end of the same `pulumi up`.
        /// </summary>
        [Input("previousTokenLifetime")]
        public Input<string>? PreviousTokenLifetime { get; set; }

        /// <summary>
        /// Rotate the token once it is this old, counted from its creation time in the sandbox: the first `pulumi up` from then on rotates it (a scheduled `pulumi up` is all it takes). `rotationDueAt` shows when.
        /// </summary>
        [Input("rotateAfter")]
        public Input<string>? RotateAfter { get; set; }

        public RotationPolicyGetArgs()
        {
        }
        public static new RotationPolicyGetArgs Empty => new RotationPolicyGetArgs();
    }
}
