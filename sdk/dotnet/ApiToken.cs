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
    /// A PT Sandbox Public API token. The secret value is shown by the sandbox once, when the token is created; the provider stores it as a Pulumi secret and carries it across `pulumi refresh`. Any change of `name`, `permissions` or `comment` creates a new token (a new secret) before the old one is deleted. `rotation` rotates the token on a schedule and can keep the old token valid for a grace period; a change of `rotationTriggers` rotates it too.
    /// 
    /// ## Import
    /// 
    /// Import an existing token by its numeric id (the `id` column of the sandbox's token list, or `tokens[*].id` of `getApiTokens`):
    /// 
    /// ```sh
    /// $ pulumi import ptsandbox:index:ApiToken example 42
    /// ```
    /// 
    /// The sandbox never returns a token's secret after creation, so a token imported by id has no `token` output. To get a secret under Pulumi's management, replace the token (for example by setting `rotationTriggers`), or, holding its secret, import it with an import file whose entry supplies `outputs` (Pulumi 3.254 or later).
    /// </summary>
    [PtSandboxResourceType("ptsandbox:index:ApiToken")]
    public partial class ApiToken : global::Pulumi.CustomResource
    {
        /// <summary>
        /// Free-text comment shown in the sandbox's token list (at most 1000 characters).
        /// </summary>
        [Output("comment")]
        public Output<string?> Comment { get; private set; } = null!;

        /// <summary>
        /// When the token was created (RFC 3339, UTC; absent only while a create the sandbox answered incompletely awaits the next `pulumi up`).
        /// </summary>
        [Output("createdAt")]
        public Output<string?> CreatedAt { get; private set; } = null!;

        /// <summary>
        /// Login of the user who created the token (absent only while a create the sandbox answered incompletely awaits the next `pulumi up`).
        /// </summary>
        [Output("creatorLogin")]
        public Output<string?> CreatorLogin { get; private set; } = null!;

        /// <summary>
        /// The entry point the token is bound to, if any.
        /// </summary>
        [Output("entryPoint")]
        public Output<Outputs.TokenEntryPoint?> EntryPoint { get; private set; } = null!;

        /// <summary>
        /// The token's name: 5 to 30 characters, letters, digits and `-`, starting and ending with a letter. Optional: when unset, the name comes from the stack's autonaming configuration, else it is the resource's name with a random suffix (`&lt;resource name&gt;-&lt;7 letters&gt;`); it is kept across updates, and a replacement (or, with `rotation.previousTokenLifetime`, each rotation) gets a new one, so old and new tokens never share a name.
        /// </summary>
        [Output("name")]
        public Output<string> Name { get; private set; } = null!;

        /// <summary>
        /// Permissions granted to the token: at least one, no duplicates; compared as a set.
        /// </summary>
        [Output("permissions")]
        public Output<ImmutableArray<Pulumi.PtSandbox.Permission>> Permissions { get; private set; } = null!;

        /// <summary>
        /// Tokens that rotations with `rotation.previousTokenLifetime` replaced and that stay valid until their `deleteAfter`; the first `pulumi up` after that deletes them, and `pulumi destroy` deletes them with the token. Their secrets are not kept.
        /// </summary>
        [Output("retiringTokens")]
        public Output<ImmutableArray<Outputs.RetiringToken>> RetiringTokens { get; private set; } = null!;

        /// <summary>
        /// Rotate the token by itself on a schedule, and keep the token a rotation replaces valid for a grace period.
        /// </summary>
        [Output("rotation")]
        public Output<Outputs.RotationPolicy?> Rotation { get; private set; } = null!;

        /// <summary>
        /// When `rotation.rotateAfter` makes the token due for rotation (RFC 3339, UTC): the first `pulumi up` from then on (or from `rotation.earlyRotationWindow` before) rotates it. Absent without `rotation.rotateAfter`.
        /// </summary>
        [Output("rotationDueAt")]
        public Output<string?> RotationDueAt { get; private set; } = null!;

        /// <summary>
        /// Arbitrary values that, when changed, rotate the token (for rotations decided outside Pulumi): a replacement, or with `rotation.previousTokenLifetime`, a new token in place while the old one stays valid for that long. Never sent to the sandbox.
        /// </summary>
        [Output("rotationTriggers")]
        public Output<ImmutableDictionary<string, string>?> RotationTriggers { get; private set; } = null!;

        /// <summary>
        /// The token's secret value, to send in the `X-Api-Key` header of the Public API. Known only for tokens this provider created; absent after `pulumi import`.
        /// </summary>
        [Output("token")]
        public Output<string?> Token { get; private set; } = null!;

        /// <summary>
        /// The sandbox's hash of the secret (its `key` field): safe to log, useful to tell tokens apart. Known for tokens this provider created; absent after `pulumi import` (the sandbox's listing does not carry it).
        /// </summary>
        [Output("tokenHash")]
        public Output<string?> TokenHash { get; private set; } = null!;

        /// <summary>
        /// The numeric id of the token the resource holds now. The resource id is the same number, except between a rotation in place and the next refresh, which moves the id to it.
        /// </summary>
        [Output("tokenId")]
        public Output<int> TokenId { get; private set; } = null!;


        /// <summary>
        /// Create a ApiToken resource with the given unique name, arguments, and options.
        /// </summary>
        ///
        /// <param name="name">The unique name of the resource</param>
        /// <param name="args">The arguments used to populate this resource's properties</param>
        /// <param name="options">A bag of options that control this resource's behavior</param>
        public ApiToken(string name, ApiTokenArgs args, CustomResourceOptions? options = null)
            : base("ptsandbox:index:ApiToken", name, args ?? new ApiTokenArgs(), MakeResourceOptions(options, ""))
        {
        }

        private ApiToken(string name, Input<string> id, ApiTokenState? state = null, CustomResourceOptions? options = null)
            : base("ptsandbox:index:ApiToken", name, state, MakeResourceOptions(options, id))
        {
        }

        private static CustomResourceOptions MakeResourceOptions(CustomResourceOptions? options, Input<string>? id)
        {
            var defaultOptions = new CustomResourceOptions
            {
                Version = Utilities.Version,
                AdditionalSecretOutputs =
                {
                    "token",
                },
                ReplaceOnChanges =
                {
                    "comment",
                    "name",
                    "permissions",
                },
            };
            var merged = CustomResourceOptions.Merge(defaultOptions, options);
            // Override the ID if one was specified for consistency with other language SDKs.
            merged.Id = id ?? merged.Id;
            return merged;
        }
        /// <summary>
        /// Get an existing ApiToken resource's state with the given name, ID, and optional extra
        /// properties used to qualify the lookup.
        /// </summary>
        ///
        /// <param name="name">The unique name of the resulting resource.</param>
        /// <param name="id">The unique provider ID of the resource to lookup.</param>
        /// <param name="state">Any extra arguments used during the lookup.</param>
        /// <param name="options">A bag of options that control this resource's behavior</param>
        public static ApiToken Get(string name, Input<string> id, ApiTokenState? state = null, CustomResourceOptions? options = null)
        {
            return new ApiToken(name, id, state, options);
        }
    }

    public sealed class ApiTokenArgs : global::Pulumi.ResourceArgs
    {
        /// <summary>
        /// Free-text comment shown in the sandbox's token list (at most 1000 characters).
        /// </summary>
        [Input("comment")]
        public Input<string>? Comment { get; set; }

        /// <summary>
        /// The token's name: 5 to 30 characters, letters, digits and `-`, starting and ending with a letter. Optional: when unset, the name comes from the stack's autonaming configuration, else it is the resource's name with a random suffix (`&lt;resource name&gt;-&lt;7 letters&gt;`); it is kept across updates, and a replacement (or, with `rotation.previousTokenLifetime`, each rotation) gets a new one, so old and new tokens never share a name.
        /// </summary>
        [Input("name")]
        public Input<string>? Name { get; set; }

        [Input("permissions", required: true)]
        private InputList<Pulumi.PtSandbox.Permission>? _permissions;

        /// <summary>
        /// Permissions granted to the token: at least one, no duplicates; compared as a set.
        /// </summary>
        public InputList<Pulumi.PtSandbox.Permission> Permissions
        {
            get => _permissions ?? (_permissions = new InputList<Pulumi.PtSandbox.Permission>());
            set => _permissions = value;
        }

        /// <summary>
        /// Rotate the token by itself on a schedule, and keep the token a rotation replaces valid for a grace period.
        /// </summary>
        [Input("rotation")]
        public Input<Inputs.RotationPolicyArgs>? Rotation { get; set; }

        [Input("rotationTriggers")]
        private InputMap<string>? _rotationTriggers;

        /// <summary>
        /// Arbitrary values that, when changed, rotate the token (for rotations decided outside Pulumi): a replacement, or with `rotation.previousTokenLifetime`, a new token in place while the old one stays valid for that long. Never sent to the sandbox.
        /// </summary>
        public InputMap<string> RotationTriggers
        {
            get => _rotationTriggers ?? (_rotationTriggers = new InputMap<string>());
            set => _rotationTriggers = value;
        }

        public ApiTokenArgs()
        {
        }
        public static new ApiTokenArgs Empty => new ApiTokenArgs();
    }

    public sealed class ApiTokenState : global::Pulumi.ResourceArgs
    {
        /// <summary>
        /// Free-text comment shown in the sandbox's token list (at most 1000 characters).
        /// </summary>
        [Input("comment")]
        public Input<string>? Comment { get; set; }

        /// <summary>
        /// When the token was created (RFC 3339, UTC; absent only while a create the sandbox answered incompletely awaits the next `pulumi up`).
        /// </summary>
        [Input("createdAt")]
        public Input<string>? CreatedAt { get; set; }

        /// <summary>
        /// Login of the user who created the token (absent only while a create the sandbox answered incompletely awaits the next `pulumi up`).
        /// </summary>
        [Input("creatorLogin")]
        public Input<string>? CreatorLogin { get; set; }

        /// <summary>
        /// The entry point the token is bound to, if any.
        /// </summary>
        [Input("entryPoint")]
        public Input<Inputs.TokenEntryPointGetArgs>? EntryPoint { get; set; }

        /// <summary>
        /// The token's name: 5 to 30 characters, letters, digits and `-`, starting and ending with a letter. Optional: when unset, the name comes from the stack's autonaming configuration, else it is the resource's name with a random suffix (`&lt;resource name&gt;-&lt;7 letters&gt;`); it is kept across updates, and a replacement (or, with `rotation.previousTokenLifetime`, each rotation) gets a new one, so old and new tokens never share a name.
        /// </summary>
        [Input("name")]
        public Input<string>? Name { get; set; }

        [Input("permissions")]
        private InputList<Pulumi.PtSandbox.Permission>? _permissions;

        /// <summary>
        /// Permissions granted to the token: at least one, no duplicates; compared as a set.
        /// </summary>
        public InputList<Pulumi.PtSandbox.Permission> Permissions
        {
            get => _permissions ?? (_permissions = new InputList<Pulumi.PtSandbox.Permission>());
            set => _permissions = value;
        }

        [Input("retiringTokens")]
        private InputList<Inputs.RetiringTokenGetArgs>? _retiringTokens;

        /// <summary>
        /// Tokens that rotations with `rotation.previousTokenLifetime` replaced and that stay valid until their `deleteAfter`; the first `pulumi up` after that deletes them, and `pulumi destroy` deletes them with the token. Their secrets are not kept.
        /// </summary>
        public InputList<Inputs.RetiringTokenGetArgs> RetiringTokens
        {
            get => _retiringTokens ?? (_retiringTokens = new InputList<Inputs.RetiringTokenGetArgs>());
            set => _retiringTokens = value;
        }

        /// <summary>
        /// Rotate the token by itself on a schedule, and keep the token a rotation replaces valid for a grace period.
        /// </summary>
        [Input("rotation")]
        public Input<Inputs.RotationPolicyGetArgs>? Rotation { get; set; }

        /// <summary>
        /// When `rotation.rotateAfter` makes the token due for rotation (RFC 3339, UTC): the first `pulumi up` from then on (or from `rotation.earlyRotationWindow` before) rotates it. Absent without `rotation.rotateAfter`.
        /// </summary>
        [Input("rotationDueAt")]
        public Input<string>? RotationDueAt { get; set; }

        [Input("rotationTriggers")]
        private InputMap<string>? _rotationTriggers;

        /// <summary>
        /// Arbitrary values that, when changed, rotate the token (for rotations decided outside Pulumi): a replacement, or with `rotation.previousTokenLifetime`, a new token in place while the old one stays valid for that long. Never sent to the sandbox.
        /// </summary>
        public InputMap<string> RotationTriggers
        {
            get => _rotationTriggers ?? (_rotationTriggers = new InputMap<string>());
            set => _rotationTriggers = value;
        }

        [Input("token")]
        private Input<string>? _token;

        /// <summary>
        /// The token's secret value, to send in the `X-Api-Key` header of the Public API. Known only for tokens this provider created; absent after `pulumi import`.
        /// </summary>
        public Input<string>? Token
        {
            get => _token;
            set
            {
                var emptySecret = Output.CreateSecret(0);
                _token = Output.Tuple<Input<string>?, int>(value, emptySecret).Apply(t => t.Item1);
            }
        }

        /// <summary>
        /// The sandbox's hash of the secret (its `key` field): safe to log, useful to tell tokens apart. Known for tokens this provider created; absent after `pulumi import` (the sandbox's listing does not carry it).
        /// </summary>
        [Input("tokenHash")]
        public Input<string>? TokenHash { get; set; }

        /// <summary>
        /// The numeric id of the token the resource holds now. The resource id is the same number, except between a rotation in place and the next refresh, which moves the id to it.
        /// </summary>
        [Input("tokenId")]
        public Input<int>? TokenId { get; set; }

        public ApiTokenState()
        {
        }
        public static new ApiTokenState Empty => new ApiTokenState();
    }
}
