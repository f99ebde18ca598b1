using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace PtSandbox.Sdk.Tests;

/// <summary>
/// `make dist` names its tarballs as the engine's plugin download asks for them
/// (pulumi/pulumi sdk/go/common/workspace/plugins.go, standardAssetName:
/// <c>pulumi-&lt;kind&gt;-&lt;name&gt;-v&lt;version&gt;-&lt;os&gt;-&lt;arch&gt;.tar.gz</c>, with Go's GOOS and GOARCH), from the one
/// RID list in the Makefile (DIST_PLATFORMS). The suite does not build dist/; when `make dist` left tarballs there,
/// their names, contents and checksums are checked too.
/// </summary>
public sealed class DistNamingTests(ITestOutputHelper output)
{
    private static string Makefile => File.ReadAllText(Path.Combine(RepoPaths.Root, "Makefile"));

    private static string Version => File.ReadAllText(Path.Combine(RepoPaths.SdkDir, "version.txt")).Trim();

    /// <summary>DIST_PLATFORMS from the Makefile: RID → &lt;os&gt;-&lt;arch&gt;.</summary>
    internal static IReadOnlyDictionary<string, string> Platforms()
    {
        var line = Regex.Match(Makefile, @"^DIST_PLATFORMS\s*:=\s*(?<list>.*)$", RegexOptions.Multiline);
        line.Success.Should().BeTrue("the Makefile defines DIST_PLATFORMS := rid=os-arch ...");
        return line.Groups["list"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('='))
            .ToDictionary(p => p[0], p => p[1]);
    }

    [Fact]
    public void Every_rid_maps_to_gos_os_and_arch()
    {
        Platforms().Should().Equal(new Dictionary<string, string>
        {
            ["linux-x64"] = "linux-amd64",
            ["linux-arm64"] = "linux-arm64",
            ["osx-x64"] = "darwin-amd64",
            ["osx-arm64"] = "darwin-arm64",
            ["win-x64"] = "windows-amd64",
        });
    }

    [Fact]
    public void Makefile_names_the_tarball_and_checksums_as_the_engine_and_sha256sum_expect()
    {
        Makefile.Should().Contain("tarball=dist/pulumi-resource-ptsandbox-v$(VERSION)-$$platform.tar.gz")
            .And.Contain("CHECKSUMS := dist/pulumi-resource-ptsandbox_$(VERSION)_checksums.txt")
            .And.Contain("tar -czf \"$$tarball\" -C \"$$stage\" pulumi-resource-ptsandbox$$exe LICENSE README.md");
    }

    [Fact]
    public void Built_tarballs_are_named_from_the_list_and_hold_binary_license_and_readme()
    {
        var tarballs = Tarballs();
        if (tarballs.Count == 0)
        {
            output.WriteLine("dist/ holds no tarball of this version (run `make dist`); nothing built to check.");
            return;
        }

        var byName = Platforms().Values.ToDictionary(p => $"pulumi-resource-ptsandbox-v{Version}-{p}.tar.gz", p => p);
        foreach (var path in tarballs)
        {
            var name = Path.GetFileName(path);
            byName.Should().ContainKey(name, "every tarball's <os>-<arch> comes from DIST_PLATFORMS");
            var binary = byName[name].StartsWith("windows-", StringComparison.Ordinal) ? "pulumi-resource-ptsandbox.exe" : "pulumi-resource-ptsandbox";
            Entries(path).Should().BeEquivalentTo(binary, "LICENSE", "README.md");
            output.WriteLine($"checked {name}");
        }
    }

    [Fact]
    public void Built_checksums_list_every_tarball_as_sha256sum_prints_it()
    {
        var tarballs = Tarballs();
        var checksums = Path.Combine(RepoPaths.Root, "dist", $"pulumi-resource-ptsandbox_{Version}_checksums.txt");
        if (tarballs.Count == 0)
        {
            output.WriteLine("dist/ holds no tarball of this version (run `make dist`); nothing built to check.");
            return;
        }

        File.Exists(checksums).Should().BeTrue();
        var expected = tarballs.Order(StringComparer.Ordinal)
            .Select(t => $"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(t)))}  {Path.GetFileName(t)}");
        File.ReadAllLines(checksums).Should().BeEquivalentTo(expected);
    }

    private static List<string> Tarballs()
    {
        var dist = Path.Combine(RepoPaths.Root, "dist");
        return Directory.Exists(dist)
            ? Directory.GetFiles(dist, $"pulumi-resource-ptsandbox-v{Version}-*.tar.gz").ToList()
            : [];
    }

    private static List<string> Entries(string tarball)
    {
        using var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var names = new List<string>();
        while (tar.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }
}
