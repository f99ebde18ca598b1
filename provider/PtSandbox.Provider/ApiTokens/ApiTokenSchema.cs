using System.Text.Json.Nodes;

namespace PtSandbox.Provider.ApiTokens;

/// <summary>Schema of <c>ptsandbox:index:ApiToken</c>.</summary>
internal static class ApiTokenSchema
{
    public static JsonObject Build()
    {
        var schema = (JsonObject)JsonNode.Parse(Json)!;
        // `get` looks a token up by any of its outputs: the state inputs are exactly the outputs, all optional.
        schema["stateInputs"] = new JsonObject
        {
            ["description"] = "Input properties used for looking up and filtering ApiToken resources.",
            ["type"] = "object",
            ["properties"] = schema["properties"]!.DeepClone(),
        };
        return schema;
    }

    private const string Json = """
{
  "description": "A PT Sandbox Public API token. The secret value is shown by the sandbox once, when the token is created; the provider stores it as a Pulumi secret and carries it across `pulumi refresh`. Any change of `name`, `permissions`, `comment` or `rotationTriggers` creates a new token (a new secret) before the old one is deleted.\n\n## Import\n\nImport an existing token by its numeric id (the `id` column of the sandbox's token list, or `tokens[*].id` of `getApiTokens`):\n\n```sh\n$ pulumi import ptsandbox:index:ApiToken example 42\n```\n\nThe sandbox never returns a token's secret after creation, so an imported token has no `token` output. To get a secret under Pulumi's management, replace the token (for example by setting `rotationTriggers`).\n",
  "properties": {
    "comment": {
      "type": "string",
      "description": "Free-text comment shown in the sandbox's token list."
    },
    "createdAt": {
      "type": "string",
      "description": "When the token was created (RFC 3339, UTC)."
    },
    "creatorLogin": {
      "type": "string",
      "description": "Login of the user who created the token."
    },
    "entryPoint": {
      "$ref": "#/types/ptsandbox:index:TokenEntryPoint",
      "description": "The entry point the token is bound to, if any."
    },
    "name": {
      "type": "string",
      "description": "The token's name."
    },
    "permissions": {
      "type": "array",
      "items": {
        "$ref": "#/types/ptsandbox:index:Permission"
      },
      "description": "Permissions granted to the token."
    },
    "rotationTriggers": {
      "type": "object",
      "additionalProperties": {
        "type": "string"
      },
      "description": "Arbitrary values that, when changed, replace the token with a new one (for scheduled rotation). Never sent to the sandbox."
    },
    "token": {
      "type": "string",
      "description": "The token's secret value, to send in the `X-Api-Key` header of the Public API. Known only for tokens this provider created; absent after `pulumi import`.",
      "secret": true
    },
    "tokenHash": {
      "type": "string",
      "description": "The sandbox's hash of the secret (its `key` field): safe to log, useful to tell tokens apart. Known for tokens this provider created; absent after `pulumi import` (the sandbox's listing does not carry it)."
    },
    "tokenId": {
      "type": "integer",
      "description": "The token's numeric id in the sandbox (also the resource id)."
    }
  },
  "required": [
    "createdAt",
    "creatorLogin",
    "name",
    "permissions",
    "tokenId"
  ],
  "inputProperties": {
    "comment": {
      "type": "string",
      "description": "Free-text comment shown in the sandbox's token list. Changing it replaces the token."
    },
    "name": {
      "type": "string",
      "description": "The token's name: 5 to 30 characters, letters, digits and `-`, starting and ending with a letter. Changing it replaces the token."
    },
    "permissions": {
      "type": "array",
      "items": {
        "$ref": "#/types/ptsandbox:index:Permission"
      },
      "description": "Permissions granted to the token: at least one, no duplicates; compared as a set. Changing them replaces the token."
    },
    "rotationTriggers": {
      "type": "object",
      "additionalProperties": {
        "type": "string"
      },
      "description": "Arbitrary values that, when changed, replace the token with a new one (for scheduled rotation). Never sent to the sandbox."
    }
  },
  "requiredInputs": [
    "name",
    "permissions"
  ]
}
""";
}
