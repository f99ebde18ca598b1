using PtSandbox.Client.Auth;
using PtSandbox.Client.Http;

namespace PtSandbox.Client.Tests.Unit;

public class SmallPartsTests
{
    [Theory]
    [InlineData("https://h.example.com/ui/callback?x=1", "https://h.example.com", true)]
    [InlineData("https://H.EXAMPLE.COM:443/x", "https://h.example.com", true)]
    [InlineData("https://h.example.com:8443/x", "https://h.example.com", false)]
    [InlineData("http://h.example.com/x", "https://h.example.com", false)]
    [InlineData("https://evil.example.com/x", "https://h.example.com", false)]
    [InlineData("https://h.example.com.evil.net/x", "https://h.example.com", false)]
    [InlineData("https://user@h.example.com/x", "https://h.example.com", false)]
    public void Same_origin_check(string candidate, string baseUrl, bool same) =>
        LoginFlow.IsSameOrigin(new Uri(candidate), new Uri(baseUrl)).Should().Be(same);

    [Fact]
    public void One_line_collapses_whitespace_and_truncates()
    {
        TextSnippet.OneLine("  a \r\n\t b  ", 10).Should().Be("a b");
        TextSnippet.OneLine(new string('y', 50), 10).Should().Be(new string('y', 9) + "…");
    }

    [Fact]
    public void Scrubber_replaces_every_known_secret()
    {
        var scrubber = new SecretScrubber();
        scrubber.Add("hunter22");
        scrubber.Add("bearer-abc");
        scrubber.Scrub("user typed hunter22 and got bearer-abc").Should().Be("user typed *** and got ***");
    }

    [Fact]
    public void Server_clock_follows_the_date_header()
    {
        var clock = new ServerClock(TimeProvider.System);
        clock.IsKnown.Should().BeFalse();
        (clock.Now - DateTimeOffset.UtcNow).Duration().Should().BeLessThan(TimeSpan.FromSeconds(1));

        clock.Observe(DateTimeOffset.UtcNow.AddHours(1));

        clock.IsKnown.Should().BeTrue();
        (clock.Now - DateTimeOffset.UtcNow.AddHours(1)).Duration().Should().BeLessThan(TimeSpan.FromSeconds(1));
    }
}
