using ProviderHost.Values;
using PtSandbox.Harness;

namespace PtSandbox.Demo;

/// <summary>The Pulumi program of the demo: what a user would declare, e.g. in examples/yaml/Pulumi.yaml.</summary>
internal static class DemoProgram
{
    public const string ApiToken = "ptsandbox:index:ApiToken";
    public const string GetApiTokens = "ptsandbox:index:getApiTokens";

    public static PropertyMap CiDeploy(string rotation) => Values.Map(
        ("name", "ci-deploy"),
        ("permissions", new[] { "SCAN_WITH_PREDEFINED_SETTINGS", "TASKS_VIEW_ALL" }),
        ("comment", "Deploys from CI; managed by Pulumi"),
        ("rotationTriggers", new Dictionary<string, string> { ["rotation"] = rotation }));

    public static PropertyMap Scanner => Values.Map(
        ("name", "scanner"),
        ("permissions", new[] { "SCAN_WITH_EXTENDED_SETTINGS" }));

    /// <summary>A token someone made by hand in the sandbox, outside any stack: the one `pulumi import` adopts.</summary>
    public static PropertyMap HandMade => Values.Map(
        ("name", "legacy-uploader"),
        ("permissions", new[] { "TASKS_VIEW_ALL" }),
        ("comment", "Made by hand in the sandbox UI"));

    /// <summary>No name (the provider generates nightly-xxxxxxx); rotated every 30 days, its predecessor kept valid one more day.</summary>
    public static PropertyMap Nightly => Values.Map(
        ("permissions", new[] { "TASKS_VIEW_ALL" }),
        ("comment", "Nightly report export; rotated by Pulumi"),
        ("rotation", new Dictionary<string, string> { ["rotateAfter"] = "30d", ["previousTokenLifetime"] = "1d" }));

    public static IReadOnlyList<(string Name, PropertyMap Inputs)> Tokens(string rotation) =>
        [("ci-deploy", CiDeploy(rotation)), ("scanner", Scanner)];

    /// <summary>The program once the token rotated on a schedule joins it.</summary>
    public static IReadOnlyList<(string Name, PropertyMap Inputs)> TokensWithNightly(string rotation) =>
        [.. Tokens(rotation), ("nightly", Nightly)];

    /// <summary>Input and output properties in the order a user reads them.</summary>
    public static readonly string[] PropertyOrder =
        ["name", "permissions", "comment", "rotationTriggers", "tokenId", "tokenHash", "creatorLogin", "createdAt", "entryPoint", "token"];
}
