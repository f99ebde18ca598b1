using PtSandbox.Client.Auth;

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
}
