namespace PtSandbox.Sdk.Tests;

/// <summary>Locates the repository: the nearest folder above the test binaries that holds PtSandbox.sln.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    public static string Schema => Path.Combine(Root, "provider", "schema.json");

    public static string SdkDir => Path.Combine(Root, "sdk", "dotnet");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PtSandbox.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No folder above {AppContext.BaseDirectory} contains PtSandbox.sln; cannot find the repository root.");
    }
}
