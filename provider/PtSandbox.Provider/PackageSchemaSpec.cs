using System.Text.Json.Nodes;
using ProviderHost.Typed;
using PtSandbox.Provider.ApiTokens;
using PtSandbox.Provider.Configuration;

namespace PtSandbox.Provider;

/// <summary>Package-level schema: metadata, config and provider inputs, and the named types the declarations reach. Resources and functions add their own entries.</summary>
internal static class PackageSchemaSpec
{
    public static JsonObject Build()
    {
        var schema = (JsonObject)JsonNode.Parse(Json)!;
        schema["config"] = new JsonObject { ["variables"] = ConfigSchema.Variables() };
        schema["provider"]!["properties"] = ConfigSchema.ProviderOutputs();
        schema["provider"]!["inputProperties"] = ConfigSchema.ProviderInputs();
        schema["types"] = new JsonObject([.. SchemaWriter.Types(ApiTokenState.Shape, GetApiTokensResult.Shape)
            .Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value))]);
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
  "homepage": "https://github.com/pulumi-ptsandbox/pulumi-ptsandbox",
  "license": "Apache-2.0",
  "repository": "https://github.com/pulumi-ptsandbox/pulumi-ptsandbox",
  "pluginDownloadURL": "github://api.github.com/pulumi-ptsandbox/pulumi-ptsandbox",
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
    },
    "nodejs": {
      "packageName": "@pulumi-ptsandbox/ptsandbox",
      "dependencies": {
        "@pulumi/pulumi": "^3.270.0"
      },
      "respectSchemaVersion": true
    }
  },
  "provider": {
    "description": "The provider type for the ptsandbox package. Every value can also come from its environment variable."
  }
}
""";
}
