extern alias testing;

using ProviderHost.Tests.TestResources;
using testing::Pulumirpc;

namespace ProviderHost.Tests.Host;

/// <summary>
/// List (resource discovery) attacked with the engine's numbers at their extremes: limits and page sizes that are
/// negative, zero or as large as an int64 goes, and continuation tokens past int32. Each lists every resource at most
/// once, in order, and never fails on a number the engine may send.
/// </summary>
public class ListAttackTests : HostTest
{
    private static readonly string[] Names = ["alpha", "beta", "gamma"];

    private async Task<EngineSession> WithWidgetsAsync()
    {
        var session = await Test.ConfiguredSessionAsync();
        for (var i = 0; i < Names.Length; i++)
            await session.CreateAsync(Widget.Type, "w" + i, Props.Map(("name", Names[i]), ("size", i)));
        return session;
    }

    [Theory]
    [InlineData(-1L, 0L)]
    [InlineData(long.MinValue, long.MinValue)]
    [InlineData(0L, -5L)]
    [InlineData(long.MaxValue, long.MaxValue)]
    [InlineData(int.MaxValue + 1L, int.MaxValue + 1L)]
    [InlineData(0L, long.MaxValue)]
    public async Task A_limit_or_page_size_that_is_negative_or_huge_lists_every_resource_once_on_one_page(long limit, long pageSize)
    {
        var session = await WithWidgetsAsync();

        var page = await session.ListAsync(Widget.Type, limit: limit, pageSize: pageSize);

        page.Results.Select(r => r.Name).Should().Equal(Names);
        page.Continuation.Should().BeNull();
    }

    [Theory]
    [InlineData("2147483647")]
    [InlineData("2147483648")]
    [InlineData("9223372036854775807")]
    public async Task A_continuation_token_past_the_end_even_past_int32_gives_an_empty_last_page(string token)
    {
        var session = await WithWidgetsAsync();

        var page = await session.ListAsync(Widget.Type, limit: long.MaxValue, pageSize: 1, continuationToken: token);

        page.Messages.Should().BeEmpty();
    }

    [Fact]
    public async Task Paging_one_by_one_under_a_limit_of_two_stops_after_two()
    {
        var session = await WithWidgetsAsync();

        var pages = await session.ListAllAsync(Widget.Type, limit: 2, pageSize: 1);

        pages.SelectMany(p => p.Results).Select(r => r.Name).Should().Equal("alpha", "beta");
        pages.Should().HaveCount(2);
        pages[0].Messages.Last().ResponseCase.Should().Be(ListResponse.ResponseOneofCase.Continuation);
    }
}
