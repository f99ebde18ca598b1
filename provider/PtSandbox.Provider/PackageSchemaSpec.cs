using System.Text.Json.Nodes;

namespace PtSandbox.Provider;

/// <summary>Package-level schema: metadata, config, provider inputs and the shared types. Resources and functions add their own entries.</summary>
internal static class PackageSchemaSpec
{
    public static JsonObject Build() => (JsonObject)JsonNode.Parse(Json)!;

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
  "config": {
    "variables": {
      "authType": {
        "type": "string",
        "description": "How the user logs in: `local` (a PT Sandbox account) or `ldap`. Environment: `PTSANDBOX_AUTH_TYPE`. Defaults to `local`.",
        "default": "local"
      },
      "caCertificate": {
        "type": "string",
        "description": "PEM text, or the path of a PEM file, holding the CA certificate(s) that sign the sandbox's TLS certificate. Environment: `PTSANDBOX_CA_CERT`."
      },
      "host": {
        "type": "string",
        "description": "The PT Sandbox instance: `name`, `name:port` or a full `https://` / `http://` base URL. A bare name means HTTPS. Environment: `PTSANDBOX_HOST`."
      },
      "insecureSkipVerify": {
        "type": "boolean",
        "description": "Skip TLS certificate verification. Only for a sandbox whose self-signed certificate you cannot pin with `caCertificate`. Environment: `PTSANDBOX_INSECURE`. Defaults to `false`.",
        "default": false
      },
      "password": {
        "type": "string",
        "description": "Password of the UI user that manages the tokens. Environment: `PTSANDBOX_PASSWORD`.",
        "secret": true
      },
      "username": {
        "type": "string",
        "description": "UI user that manages the tokens; it becomes each token's `creatorLogin`. Environment: `PTSANDBOX_USERNAME`."
      }
    }
  },
  "types": {
    "ptsandbox:index:EntryPoint": {
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
          "$ref": "#/types/ptsandbox:index:EntryPoint",
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
    "description": "The provider type for the ptsandbox package. Every value can also come from its environment variable.",
    "properties": {
      "authType": {
        "type": "string",
        "description": "How the user logs in: `local` (a PT Sandbox account) or `ldap`. Environment: `PTSANDBOX_AUTH_TYPE`. Defaults to `local`."
      },
      "caCertificate": {
        "type": "string",
        "description": "PEM text, or the path of a PEM file, holding the CA certificate(s) that sign the sandbox's TLS certificate. Environment: `PTSANDBOX_CA_CERT`."
      },
      "host": {
        "type": "string",
        "description": "The PT Sandbox instance: `name`, `name:port` or a full `https://` / `http://` base URL. A bare name means HTTPS. Environment: `PTSANDBOX_HOST`."
      },
      "password": {
        "type": "string",
        "description": "Password of the UI user that manages the tokens. Environment: `PTSANDBOX_PASSWORD`.",
        "secret": true
      },
      "username": {
        "type": "string",
        "description": "UI user that manages the tokens; it becomes each token's `creatorLogin`. Environment: `PTSANDBOX_USERNAME`."
      }
    },
    "inputProperties": {
      "authType": {
        "type": "string",
        "description": "How the user logs in: `local` (a PT Sandbox account) or `ldap`. Environment: `PTSANDBOX_AUTH_TYPE`. Defaults to `local`.",
        "default": "local",
        "defaultInfo": {
          "environment": [
            "PTSANDBOX_AUTH_TYPE"
          ]
        }
      },
      "caCertificate": {
        "type": "string",
        "description": "PEM text, or the path of a PEM file, holding the CA certificate(s) that sign the sandbox's TLS certificate. Environment: `PTSANDBOX_CA_CERT`.",
        "defaultInfo": {
          "environment": [
            "PTSANDBOX_CA_CERT"
          ]
        }
      },
      "host": {
        "type": "string",
        "description": "The PT Sandbox instance: `name`, `name:port` or a full `https://` / `http://` base URL. A bare name means HTTPS. Environment: `PTSANDBOX_HOST`.",
        "defaultInfo": {
          "environment": [
            "PTSANDBOX_HOST"
          ]
        }
      },
      "insecureSkipVerify": {
        "type": "boolean",
        "description": "Skip TLS certificate verification. Only for a sandbox whose self-signed certificate you cannot pin with `caCertificate`. Environment: `PTSANDBOX_INSECURE`. Defaults to `false`.",
        "default": false,
        "defaultInfo": {
          "environment": [
            "PTSANDBOX_INSECURE"
          ]
        }
      },
      "password": {
        "type": "string",
        "description": "Password of the UI user that manages the tokens. Environment: `PTSANDBOX_PASSWORD`.",
        "secret": true,
        "defaultInfo": {
          "environment": [
            "PTSANDBOX_PASSWORD"
          ]
        }
      },
      "username": {
        "type": "string",
        "description": "UI user that manages the tokens; it becomes each token's `creatorLogin`. Environment: `PTSANDBOX_USERNAME`.",
        "defaultInfo": {
          "environment": [
            "PTSANDBOX_USERNAME"
          ]
        }
      }
    }
  }
}
""";
}
