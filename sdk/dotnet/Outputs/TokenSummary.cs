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
    /// A Public API token as the sandbox lists it. Never carries the secret.
    /// </summary>
    [OutputType]
    public sealed class TokenSummary
    {
        /// <summary>
        /// Free-text comment.
        /// </summary>
        public readonly string? Comment;
        /// <summary>
        /// When the token was created (RFC 3339, UTC).
        /// </summary>
        public readonly string CreatedAt;
        /// <summary>
        /// Login of the user who created the token.
        /// </summary>
        public readonly string CreatorLogin;
        /// <summary>
        /// The entry point the token is bound to, if any.
        /// </summary>
        public readonly Outputs.TokenEntryPoint? EntryPoint;
        /// <summary>
        /// The token's numeric id.
        /// </summary>
        public readonly int Id;
        /// <summary>
        /// The token's name.
        /// </summary>
        public readonly string Name;
        /// <summary>
        /// Permissions granted to the token, as the sandbox reports them.
        /// </summary>
        public readonly ImmutableArray<string> Permissions;

        [OutputConstructor]
        private TokenSummary(
            string? comment,

            string createdAt,

            string creatorLogin,

            Outputs.TokenEntryPoint? entryPoint,

            int id,

            string name,

            ImmutableArray<string> permissions)
        {
            Comment = comment;
            CreatedAt = createdAt;
            CreatorLogin = creatorLogin;
            EntryPoint = entryPoint;
            Id = id;
            Name = name;
            Permissions = permissions;
        }
    }
}
