using System.Globalization;
using System.Net;
using System.Text;
using PtSandbox.Emulator.Tests.Support;

namespace PtSandbox.Emulator.Tests;

public sealed class ClockTests
{
    /// <summary>Room for rounding in the double arithmetic of UNIX seconds, nothing more.</summary>
    private const double Rounding = 0.001;

    private const double TenYears = 315_576_000;

    [Fact]
    public async Task A_token_created_while_the_clock_runs_40_days_behind_is_stamped_40_days_ago()
    {
        await using var server = await Servers.HttpAsync();
        using var session = await UiSession.LoginAsync(server);
        var offset = TimeSpan.FromDays(-40).TotalSeconds;

        (await server.Control.SetClockOffsetAsync(TimeSpan.FromDays(-40))).OffsetSeconds.Should().Be(offset);
        var before = RealNow();
        var created = await session.CreateAsync("alpha-token");
        var after = RealNow();

        var stamped = created.GetProperty("created").GetDouble();
        stamped.Should().BeInRange(before + offset - Rounding, after + offset + Rounding);
        (await session.ListAsync()).Entries().Single().GetProperty("created").GetDouble().Should().Be(stamped);
        (await server.Control.GetTokensAsync()).Single().Created.Should().Be(stamped);
    }

    [Fact]
    public async Task Modified_and_deleted_are_stamped_with_the_sandbox_clock_while_created_stays()
    {
        await using var server = await Servers.HttpAsync();
        using var session = await UiSession.LoginAsync(server);
        var id = (await session.CreateAsync("alpha-token")).GetProperty("id").GetInt64();
        var createdAtRealTime = (await server.Control.GetTokensAsync()).Single().Created;
        var offset = TimeSpan.FromDays(-40).TotalSeconds;
        await server.Control.SetClockOffsetAsync(TimeSpan.FromDays(-40));

        var beforeEdit = RealNow();
        var edited = await server.Control.PatchTokenAsync(id, new TokenPatch { Comment = "edited" });
        var afterEdit = RealNow();
        (await session.DeleteAsync(id)).StatusCode.Should().Be(HttpStatusCode.OK);
        var afterDelete = RealNow();

        edited.Modified.Should().BeInRange(beforeEdit + offset - Rounding, afterEdit + offset + Rounding);
        var token = (await server.Control.GetTokensAsync()).Single();
        token.Deleted.Should().BeInRange(afterEdit + offset - Rounding, afterDelete + offset + Rounding);
        token.Created.Should().Be(createdAtRealTime, "moving the clock does not restamp existing tokens");
    }

    [Fact]
    public async Task Get_clock_reports_the_offset_and_the_sandbox_time()
    {
        await using var server = await Servers.HttpAsync();

        var before = RealNow();
        var unmoved = await server.Control.GetClockAsync();
        var afterUnmoved = RealNow();
        var set = await server.Control.SetClockOffsetAsync(TimeSpan.FromHours(84.5));
        var moved = await server.Control.GetClockAsync();
        var after = RealNow();

        unmoved.OffsetSeconds.Should().Be(0);
        unmoved.Now.Should().BeInRange(before - Rounding, afterUnmoved + Rounding);
        set.OffsetSeconds.Should().Be(304_200);
        moved.OffsetSeconds.Should().Be(304_200);
        moved.Now.Should().BeInRange(afterUnmoved + 304_200 - Rounding, after + 304_200 + Rounding);
    }

    [Fact]
    public async Task Reset_puts_the_clock_back_on_real_time()
    {
        await using var server = await Servers.HttpAsync();
        await server.Control.SetClockOffsetAsync(TimeSpan.FromDays(-40));

        await server.Control.ResetAsync();

        (await server.Control.GetClockAsync()).OffsetSeconds.Should().Be(0);
        using var session = await UiSession.LoginAsync(server);
        var before = RealNow();
        var created = await session.CreateAsync("alpha-token");
        var after = RealNow();
        created.GetProperty("created").GetDouble().Should().BeInRange(before - Rounding, after + Rounding);
    }

    [Theory]
    [InlineData("""{"offsetSeconds": "-60"}""", "'offsetSeconds' must be a number")]
    [InlineData("""{"offsetSeconds": null}""", "'offsetSeconds' must be a number")]
    [InlineData("""{"offsetSeconds": true}""", "'offsetSeconds' must be a number")]
    [InlineData("""{"offsetSeconds": [-60]}""", "'offsetSeconds' must be a number")]
    [InlineData("""{"offset": -60}""", "'offsetSeconds' must be a number")]
    [InlineData("""{"offsetSeconds": 315576000.5}""", "'offsetSeconds' must be a number")] // over ten years ahead
    [InlineData("""{"offsetSeconds": -315576001}""", "'offsetSeconds' must be a number")] // over ten years behind
    [InlineData("""{"offsetSeconds": 1e400}""", "'offsetSeconds' must be a number")] // beyond a double
    [InlineData("""{"offsetSeconds": "NaN"}""", "'offsetSeconds' must be a number")]
    [InlineData("""{"offsetSeconds": "-Infinity"}""", "'offsetSeconds' must be a number")]
    [InlineData("""{"offsetSeconds": NaN}""", "Request body is not valid JSON")]
    [InlineData("""{"offsetSeconds": Infinity}""", "Request body is not valid JSON")]
    [InlineData("-60", "Request body must be a JSON object")]
    public async Task Put_clock_refuses_what_is_not_an_offset_of_at_most_ten_years(string body, string messageStart)
    {
        await using var server = await Servers.HttpAsync();
        await server.Control.SetClockOffsetAsync(TimeSpan.FromMinutes(-1));

        using var response = await PutClockRawAsync(server, body);

        var message = await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "ValidationError");
        message.Should().StartWith(messageStart).And.NotContain("\n");
        (await server.Control.GetClockAsync()).OffsetSeconds.Should().Be(-60, "a refused body changes nothing");
    }

    [Theory]
    [InlineData(TenYears)]
    [InlineData(-TenYears)]
    public async Task Put_clock_accepts_ten_years_either_way(double offsetSeconds)
    {
        await using var server = await Servers.HttpAsync();

        using var response = await PutClockRawAsync(server, $$"""{"offsetSeconds": {{offsetSeconds.ToString(CultureInfo.InvariantCulture)}}}""");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await server.Control.GetClockAsync()).OffsetSeconds.Should().Be(offsetSeconds);
    }

    [Fact]
    public async Task Control_client_reports_a_refused_offset_as_400()
    {
        await using var server = await Servers.HttpAsync();
        var tooFar = () => server.Control.SetClockOffsetAsync(TimeSpan.FromDays(-3653));
        (await tooFar.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Logins_and_bearers_stay_on_real_time_however_far_the_clock_is_moved()
    {
        await using var server = await Servers.HttpAsync();
        using var session = await UiSession.LoginAsync(server);

        // A bearer lives 8 minutes: were its expiry read from the sandbox clock, ten years ahead would end it.
        await server.Control.SetClockOffsetAsync(TimeSpan.FromSeconds(TenYears));
        var before = RealNow();
        var created = await session.CreateAsync("alpha-token");
        var after = RealNow();
        created.GetProperty("created").GetDouble().Should().BeInRange(before + TenYears - Rounding, after + TenYears + Rounding);
        await session.RefreshBearerAsync();
        await session.ListAsync();
        using (var again = await UiSession.LoginAsync(server))
            await again.ListAsync();

        await server.Control.SetClockOffsetAsync(TimeSpan.FromSeconds(-TenYears));
        await session.ListAsync();
        using var behind = await UiSession.LoginAsync(server);
        await behind.CreateAsync("beta-token");
        (await behind.ListAsync()).GetProperty("total").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task Concurrent_offset_changes_and_creates_stamp_each_token_with_one_of_the_offsets()
    {
        await using var server = await Servers.HttpAsync();
        using var session = await UiSession.LoginAsync(server);
        double[] offsets = [0, TimeSpan.FromDays(-40).TotalSeconds];

        var setting = Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            server.Control.SetClockOffsetAsync(TimeSpan.FromSeconds(offsets[i % 2]))));
        var creating = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            var before = RealNow();
            var created = await session.CreateAsync($"token-{i}x");
            return (Before: before, Created: created.GetProperty("created").GetDouble(), After: RealNow());
        })).ToArray();
        await Task.WhenAll(setting);
        var stamps = await Task.WhenAll(creating);

        foreach (var (before, created, after) in stamps)
        {
            offsets.Should().Contain(offset => created >= before + offset - Rounding && created <= after + offset + Rounding,
                "a token is stamped with real time plus one offset that was set, never a mix");
        }
    }

    private static double RealNow() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond;

    private static async Task<HttpResponseMessage> PutClockRawAsync(EmulatorServer server, string json)
    {
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        return await http.PutAsync("/_emulator/clock", new StringContent(json, Encoding.UTF8, "application/json"));
    }
}
