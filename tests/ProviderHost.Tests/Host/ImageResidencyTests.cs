using ProviderHost.Hosting;

namespace ProviderHost.Tests.Host;

/// <summary>Which mappings the plugin lets go of: only its binary's read-only data, and only where no page is a private copy.</summary>
public class ImageResidencyTests
{
    private const string Binary = "/opt/plugins/pulumi-resource-x";

    private static string Mapping(string range, string perms, string path, int anonymousKb) => $"""
        {range} {perms} 00000000 fe:00 123                 {path}
        Size:               4176 kB
        Rss:                2048 kB
        Anonymous:          {anonymousKb} kB
        VmFlags: rd mr mw me
        """;

    [Fact]
    public void Releases_read_only_data_of_the_binary_that_holds_no_private_page()
    {
        var smaps = string.Join('\n',
            Mapping("1000-2000", "r--p", Binary, 0),
            Mapping("2000-9000", "r-xp", Binary, 0),
            Mapping("9000-a000", "r--p", Binary, 4),
            Mapping("a000-f000", "r--p", Binary, 0),
            Mapping("f000-10000", "rw-p", Binary, 4),
            Mapping("10000-11000", "r--p", "/usr/lib/x86_64-linux-gnu/libc.so.6", 0),
            Mapping("11000-12000", "r--p", Binary + ".old", 0),
            Mapping("12000-13000", "r--p", "", 0));

        ImageResidency.ReleasableMappings(smaps.Split('\n'), Binary).Should().Equal((0x1000UL, 0x1000UL), (0xa000UL, 0x5000UL));
    }

    [Fact]
    public void A_path_with_spaces_is_matched_whole()
    {
        const string spaced = "/home/a user/bin/pulumi-resource-x";
        var smaps = Mapping("1000-3000", "r--p", spaced, 0) + "\n" + Mapping("3000-4000", "r--p", "/home/a", 0);

        ImageResidency.ReleasableMappings(smaps.Split('\n'), spaced).Should().Equal((0x1000UL, 0x2000UL));
    }

    [Fact]
    public void Lines_that_are_no_mapping_header_are_passed_over_and_a_header_that_is_no_address_range_throws_what_Release_catches()
    {
        var smaps = "garbage\n\nRss: 4 kB\nAnonymous: 0 kB\n" + Mapping("1000-2000", "r--p", Binary, 0);
        ImageResidency.ReleasableMappings(smaps.Split('\n'), Binary).Should().Equal((0x1000UL, 0x1000UL));

        var broken = Mapping("zz-2000", "r--p", Binary, 0).Split('\n');
        var act = () => ImageResidency.ReleasableMappings(broken, Binary).ToList();
        act.Should().Throw<FormatException>();
    }
}
