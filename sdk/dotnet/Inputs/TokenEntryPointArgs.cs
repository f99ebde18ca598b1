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
    /// The entry point a token is bound to.
    /// </summary>
    public sealed class TokenEntryPointArgs : global::Pulumi.ResourceArgs
    {
        /// <summary>
        /// Entry point id.
        /// </summary>
        [Input("id", required: true)]
        public Input<string> Id { get; set; } = null!;

        /// <summary>
        /// Entry point name.
        /// </summary>
        [Input("name", required: true)]
        public Input<string> Name { get; set; } = null!;

        public TokenEntryPointArgs()
        {
        }
        public static new TokenEntryPointArgs Empty => new TokenEntryPointArgs();
    }
}
