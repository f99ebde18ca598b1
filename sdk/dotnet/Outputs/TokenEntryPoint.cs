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
    /// The entry point a token is bound to.
    /// </summary>
    [OutputType]
    public sealed class TokenEntryPoint
    {
        /// <summary>
        /// Entry point id.
        /// </summary>
        public readonly string Id;
        /// <summary>
        /// Entry point name.
        /// </summary>
        public readonly string Name;

        [OutputConstructor]
        private TokenEntryPoint(
            string id,

            string name)
        {
            Id = id;
            Name = name;
        }
    }
}
