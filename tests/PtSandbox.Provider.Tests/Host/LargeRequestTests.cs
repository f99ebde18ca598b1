using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ProviderHost.Hosting;
using ProviderHost.Values;
using PtSandbox.Harness;
using PtSandbox.Provider.Tests.Support;
using Pulumirpc;
using static ProviderHost.Values.PropertyMarshaller;

namespace PtSandbox.Provider.Tests.Host;

/// <summary>
/// The request limit end to end, through the built binary: a request over it fails with an error naming it and the
/// process keeps serving. The request gate itself is tested in-process (ProviderHost.Tests, RequestLimitTests).
/// </summary>
public class LargeRequestTests : IAsyncLifetime
{
    private readonly ProviderTestContext _ctx = new();

    public Task InitializeAsync() => _ctx.InitializeAsync();
    public Task DisposeAsync() => _ctx.DisposeAsync();

    private static int Limit => ProviderDefinition.DefaultMaxRequestBytes;

    private static PropertyMap Inputs(string name, string comment, string trigger = "t") =>
        ProviderTestContext.TokenInputs(name, comment: comment, triggers: new Dictionary<string, string> { ["rotation"] = trigger });

    private static CheckRequest Check(EngineSession session, string name, PropertyMap news) => new()
    {
        Urn = session.Urn(ProviderTestContext.ApiToken, name), Name = name, Type = ProviderTestContext.ApiToken,
        Olds = new Struct(), News = ToStruct(news), RandomSeed = ByteString.CopyFrom(new byte[32]),
    };

    [Fact]
    public async Task A_request_over_the_limit_fails_with_one_line_naming_the_limit_and_the_next_call_works()
    {
        var session = new EngineSession(await _ctx.LaunchAsync());
        await session.ConfigureAsync(_ctx.Config);
        var tooLarge = Check(session, "huge", Inputs("huge-token", new string('x', Limit + 1024)));
        var size = tooLarge.CalculateSize();

        var act = async () => await session.Client.CheckAsync(tooLarge);

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.ResourceExhausted);
        error.Status.Detail.Should().Be(string.Create(CultureInfo.InvariantCulture,
            $"Check: the request is {size:N0} bytes; this provider accepts at most 16 MiB (16,777,216 bytes) in one request"));
        var next = await session.CheckAsync(ProviderTestContext.ApiToken, "next", PropertyMap.Empty, ProviderTestContext.TokenInputs("next-token"));
        next.Failures.Should().BeEmpty();
    }
}
