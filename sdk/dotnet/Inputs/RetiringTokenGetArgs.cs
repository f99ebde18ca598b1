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
    /// A token a rotation replaced, still valid until `deleteAfter`.
    /// </summary>
    public sealed class RetiringTokenGetArgs : global::Pulumi.ResourceArgs
    {
        /// <summary>
        /// When the token was created (RFC 3339, UTC), when known.
        /// </summary>
        [Input("createdAt")]
        public Input<string>? CreatedAt { get; set; }

        /// <summary>
        /// Login of the user who created the token, when known.
        /// </summary>
        [Input("creatorLogin")]
        public Input<string>? CreatorLogin { get; set; }

        /// <summary>
        /// From when the provider deletes the token (RFC 3339, UTC): the time of the rotation that retired it, on the provider's clock, plus `rotation.previousTokenLifetime`.
        /// </summary>
        [Input("deleteAfter", required: true)]
        public Input<string> DeleteAfter { get; set; } = null!;

        /// <summary>
        /// The token's name.
        /// </summary>
        [Input("name", required: true)]
        public Input<string> Name { get; set; } = null!;

        /// <summary>
        /// The sandbox's hash of the token's secret, when known.
        /// </summary>
        [Input("tokenHash")]
        public Input<string>? TokenHash { get; set; }

        /// <summary>
        /// The token's numeric id in the sandbox.
        /// </summary>
        [Input("tokenId", required: true)]
        public Input<int> TokenId { get; set; } = null!;

        public RetiringTokenGetArgs()
        {
        }
        public static new RetiringTokenGetArgs Empty => new RetiringTokenGetArgs();
    }
}
