// *** Hand-maintained mirror of pulumi-language-dotnet codegen output for provider/schema.json. ***
// *** Keep in sync with the schema: tests/PtSandbox.Sdk.Tests fails when this file drifts from it. ***

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading.Tasks;
using Pulumi.Serialization;

namespace Pulumi.PtSandbox.Outputs
{

    /// <summary>
    /// A token a rotation replaced, still valid until `deleteAfter`.
    /// </summary>
    [OutputType]
    public sealed class RetiringToken
    {
        /// <summary>
        /// When the token was created (RFC 3339, UTC), when known.
        /// </summary>
        public readonly string? CreatedAt;
        /// <summary>
        /// Login of the user who created the token, when known.
        /// </summary>
        public readonly string? CreatorLogin;
        /// <summary>
        /// From when the provider deletes the token (RFC 3339, UTC): the time of the rotation that retired it, on the provider's clock, plus `rotation.previousTokenLifetime`.
        /// </summary>
        public readonly string DeleteAfter;
        /// <summary>
        /// The token's name.
        /// </summary>
        public readonly string Name;
        /// <summary>
        /// The sandbox's hash of the token's secret, when known.
        /// </summary>
        public readonly string? TokenHash;
        /// <summary>
        /// The token's numeric id in the sandbox.
        /// </summary>
        public readonly int TokenId;

        [OutputConstructor]
        private RetiringToken(
            string? createdAt,

            string? creatorLogin,

            string deleteAfter,

            string name,

            string? tokenHash,

            int tokenId)
        {
            CreatedAt = createdAt;
            CreatorLogin = creatorLogin;
            DeleteAfter = deleteAfter;
            Name = name;
            TokenHash = tokenHash;
            TokenId = tokenId;
        }
    }
}
