using System.Text.Json.Nodes;

namespace PtSandbox.Provider.ApiTokens;

/// <summary>Schema of the function <c>ptsandbox:index:getApiTokens</c>.</summary>
internal static class GetApiTokensSchema
{
    public static JsonObject Build() => (JsonObject)JsonNode.Parse(Json)!;

    private const string Json = """
{
  "description": "Lists the sandbox's Public API tokens (never their secrets), optionally only those with a given name.",
  "inputs": {
    "properties": {
      "name": {
        "type": "string",
        "description": "Only tokens with exactly this name."
      }
    }
  },
  "outputs": {
    "description": "The tokens found.",
    "properties": {
      "tokens": {
        "type": "array",
        "items": {
          "$ref": "#/types/ptsandbox:index:TokenSummary"
        },
        "description": "The tokens, in the sandbox's order."
      },
      "total": {
        "type": "integer",
        "description": "How many tokens matched."
      }
    },
    "required": [
      "tokens",
      "total"
    ]
  }
}
""";
}
