using System.Text.Json.Nodes;
using PtSandbox.Provider.Configuration;

namespace PtSandbox.Provider;

/// <summary>Package-level schema: metadata, config, provider inputs and the shared types. Resources and functions add their own entries.</summary>
internal static class PackageSchemaSpec
{
    public static JsonObject Build()
    {
        var schema = (JsonObject)JsonNode.Parse(Json)!;
        schema["config"] = new JsonObject { ["variables"] = ConfigSchema.Variables() };
        schema["provider"]!["properties"] = ConfigSchema.ProviderOutputs();
        schema["provider"]!["inputProperties"] = ConfigSchema.ProviderInputs();
        return schema;
    }

    private const string Json = """
{
  "name": "ptsandbox",
  "displayName": "PT Sandbox",
  "description": "Manage PT Sandbox (Positive Technologies malware-analysis sandbox) Public API tokens as code.",
  "keywords": [
    "pulumi",
    "ptsandbox",
    "category/security"
  ],
  "license": "Apache-2.0",
  "publisher": "pulumi-ptsandbox",
  "meta": {
    "moduleFormat": "(.*)"
  },
  "language": {
    "csharp": {
      "namespaces": {
        "ptsandbox": "PtSandbox"
      },
      "packageReferences": {
        "Pulumi": "[3.76.1,4)"
      },
      "respectSchemaVersion": true
    }
  },
  "types": {
    "ptsandbox:index:TokenEntryPoint": {
      "type": "object",
      "description": "The entry point a token is bound to.",
      "properties": {
        "id": {
          "type": "string",
          "description": "Entry point id."
        },
        "name": {
          "type": "string",
          "description": "Entry point name."
        }
      },
      "required": [
        "id",
        "name"
      ]
    },
    "ptsandbox:index:Permission": {
      "type": "string",
      "description": "A permission of a Public API token. Values a newer sandbox knows and this list does not are accepted with a warning.",
      "enum": [
        {
          "name": "ScanWithExtendedSettings",
          "value": "SCAN_WITH_EXTENDED_SETTINGS",
          "description": "Submit scans with custom settings."
        },
        {
          "name": "ScanWithPredefinedSettings",
          "value": "SCAN_WITH_PREDEFINED_SETTINGS",
          "description": "Submit scans with predefined settings."
        },
        {
          "name": "TasksViewAll",
          "value": "TASKS_VIEW_ALL",
          "description": "View every task, not only the token's own."
        }
      ]
    },
    "ptsandbox:index:TokenSummary": {
      "type": "object",
      "description": "A Public API token as the sandbox lists it. Never carries the secret.",
      "properties": {
        "comment": {
          "type": "string",
          "description": "Free-text comment."
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
        "id": {
          "type": "integer",
          "description": "The token's numeric id."
        },
        "name": {
          "type": "string",
          "description": "The token's name."
        },
        "permissions": {
          "type": "array",
          "items": {
            "type": "string"
          },
          "description": "Permissions granted to the token, as the sandbox reports them."
        }
      },
      "required": [
        "createdAt",
        "creatorLogin",
        "id",
        "name",
        "permissions"
      ]
    }
  },
  "provider": {
    "description": "The provider type for the ptsandbox package. Every value can also come from its environment variable."
  }
}
""";
}
