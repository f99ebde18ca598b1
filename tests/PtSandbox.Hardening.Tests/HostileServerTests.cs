using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Core;
using ProviderHost.Values;
using PtSandbox.Emulator;
using PtSandbox.Harness;
using PtSandbox.Hardening.Tests.Support;
using static PtSandbox.Hardening.Tests.Support.SandboxRig;

namespace PtSandbox.Hardening.Tests;

/// <summary>
/// Suite 3, server side: a sandbox (or something posing as one) that answers badly. Each case must end in a
/// one-line error naming the host and the call, or in success, within seconds; the process keeps serving.
/// </summary>
public sealed class HostileServerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string ListPath = "/api/ui/public-api/tokens";
    private readonly Figures _figures = new(output);
    private SandboxRig _rig = null!;

    public async Task InitializeAsync() => _rig = await SandboxRig.StartAsync();
    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Malformed_JSON_in_a_listing_is_a_clear_error_and_the_next_call_works()
    {
        var (session, state) = await SessionWithTokenAsync();
        await _rig.Control.AddFaultAsync(new Fault { Method = "GET", Path = ListPath, Status = 200, ContentType = "application/json", Body = "{\"total\": 1, \"entries\": [{\"id\": " });

        var error = await ReadFailsAsync(session, state, "list tokens");
        error.Status.Detail.Should().Contain("unexpected response");

        (await ReadAsync(session, state)).Should().NotBeNull("the next listing is well-formed again");
        (await SandboxRig.AnswersAsync(_rig.Processes[0])).Should().BeTrue();
    }

    [Fact]
    public async Task A_listing_of_100000_entries_is_read_and_listed_within_seconds()
    {
        const int entries = 100_000;
        var session = await _rig.SessionAsync(fromState: true);
        await _rig.Control.AddFaultAsync(new Fault { Method = "GET", Path = ListPath, Count = 2, Status = 200, ContentType = "application/json", Body = Listing(entries) });
        var wanted = new ResourceState(ApiToken, "big", session.Urn(ApiToken, "big"), "99999",
            TokenInputs("bulk-099999-token", ["TASKS_VIEW_ALL"]), PropertyMap.Empty);

        var clock = Stopwatch.StartNew();
        var found = await session.RefreshAsync(wanted);
        var readTime = clock.Elapsed;
        clock.Restart();
        var listed = PropertyMarshaller.ToPropertyMap((await session.InvokeAsync(GetApiTokens, PropertyMap.Empty)).Return);
        var invokeTime = clock.Elapsed;

        _figures.Print($"hostile: listing of {entries:N0} entries: Read {Figures.Seconds(readTime)}, getApiTokens {Figures.Seconds(invokeTime)}");
        found.Should().NotBeNull();
        found!.Outputs.Text("name").Should().Be("bulk-099999-token");
        listed["total"].NumberValue.Should().Be(entries);
        listed["tokens"].ArrayValue.Should().HaveCount(entries);
        readTime.Should().BeLessThan(TimeSpan.FromSeconds(15));
        invokeTime.Should().BeLessThan(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task A_body_larger_than_64_MiB_is_refused_declared_or_streamed()
    {
        var (session, state) = await SessionWithTokenAsync();

        // Declared: a Content-Length over the cap is refused before any body is read.
        await _rig.Control.AddFaultAsync(new Fault
        {
            Method = "GET", Path = ListPath, Status = 200, ContentType = "application/json", Body = "{",
            Headers = new Dictionary<string, string> { ["Content-Length"] = "70000000" },
        });
        var clock = Stopwatch.StartNew();
        var declared = await ReadFailsAsync(session, state, "list tokens");
        declared.Status.Detail.Should().Contain("larger than");
        var declaredTime = clock.Elapsed;

        // Streamed: 200 MB without a length, from a server that is not a sandbox (the emulator's control API takes
        // at most 30 MB per fault); the login's first step meets it, and reading stops at the cap.
        await using var flood = await FloodServer.StartAsync(200_000_000);
        var victim = await _rig.SessionAsync(_rig.Config(host: flood.BaseUrl), fromState: true);
        clock.Restart();
        var act = () => victim.RefreshAsync(state with { Urn = victim.Urn(ApiToken, "t") });
        var streamed = (await act.Should().ThrowAsync<RpcException>()).Which;
        var streamedTime = clock.Elapsed;
        output.WriteLine($"{streamed.StatusCode}: {streamed.Status.Detail}");
        ErrorCatalog.Observe(streamed.Status.Detail, _figures);
        ErrorCatalog.AssertClear(streamed, new Uri(flood.BaseUrl).Authority, "login");
        streamed.Status.Detail.Should().Contain("larger than");
        await Task.Delay(500); // nothing more is read after the refusal
        flood.Connections.Should().Be(1, "a refused body is not asked for again");
        flood.BytesSent.Should().BeLessThan(100_000_000, "the client stops reading at its cap (64 MiB plus socket buffers)");

        _figures.Print($"hostile: oversized body refused: declared 70 MB in {Figures.Seconds(declaredTime)}, streamed 200 MB cut after {flood.BytesSent / 1048576.0:0.0} MiB in {Figures.Seconds(streamedTime)}");
        streamedTime.Should().BeLessThan(TimeSpan.FromSeconds(20));
        (await ReadAsync(session, state)).Should().NotBeNull();
        (await SandboxRig.AnswersAsync(_rig.Processes[0])).Should().BeTrue();
    }

    [Fact]
    public async Task An_HTML_page_with_200_instead_of_JSON_is_a_clear_error()
    {
        var (session, state) = await SessionWithTokenAsync();
        await _rig.Control.AddFaultAsync(new Fault
        {
            Method = "GET", Path = ListPath, Status = 200, ContentType = "text/html",
            Body = "<!DOCTYPE html>\n<html><head><title>Maintenance</title></head>\n<body><h1>Back soon</h1></body></html>",
        });

        var error = await ReadFailsAsync(session, state, "list tokens");
        error.Status.Detail.Should().Contain("text/html");
        (await SandboxRig.AnswersAsync(_rig.Processes[0])).Should().BeTrue();
    }

    [Fact]
    public async Task A_login_sent_to_another_host_never_reaches_it()
    {
        using var elsewhere = new ConnectionCounter(IPAddress.Parse("127.0.0.2"));
        var foreign = $"https://127.0.0.2:{elsewhere.Port}";
        var state = new ResourceState(ApiToken, "t", "", "1", PropertyMap.Empty, PropertyMap.Empty);

        // 1. The authorize step names a location on another host.
        var first = await _rig.SessionAsync(fromState: true);
        await _rig.Control.AddFaultAsync(new Fault
        {
            Method = "GET", Path = "/api/ui/auth/authorize", Status = 200, ContentType = "application/json",
            Body = $"{{\"data\":{{\"location\":\"{foreign}/ui/authorize/callback?state=stolen\"}}}}",
        });
        var toElsewhere = await ReadFailsAsync(first, state with { Urn = first.Urn(ApiToken, "t") }, "login");
        toElsewhere.Status.Detail.Should().Contain("127.0.0.2");

        // 2. The login form answers with a redirect to another host.
        var second = await _rig.SessionAsync(fromState: true);
        await _rig.Control.AddFaultAsync(new Fault
        {
            Method = "POST", Path = "/ui/login", Status = 307,
            Headers = new Dictionary<string, string> { ["Location"] = $"{foreign}/ui/login" },
        });
        await ReadFailsAsync(second, state with { Urn = second.Urn(ApiToken, "t") }, "login");

        // 3. A bearer-carrying call is redirected to another host (redirects are never followed).
        var third = await _rig.SessionAsync(fromState: true);
        await _rig.Control.AddFaultAsync(new Fault
        {
            Method = "GET", Path = ListPath, Status = 307,
            Headers = new Dictionary<string, string> { ["Location"] = $"{foreign}{ListPath}" },
        });
        await ReadFailsAsync(third, state with { Urn = third.Urn(ApiToken, "t") }, "list tokens");

        await Task.Delay(200); // a connection attempt, had there been one, would have been accepted by now
        elsewhere.Connections.Should().Be(0, "no credential, cookie or bearer may travel to another host");
        foreach (var process in _rig.Processes) (await SandboxRig.AnswersAsync(process)).Should().BeTrue();
    }

    /// <summary>A token created by `pulumi up`, and a provider started from state to refresh it (its first Read lists).</summary>
    private async Task<(EngineSession Session, ResourceState State)> SessionWithTokenAsync()
    {
        var state = await (await _rig.SessionAsync()).CreateAsync(ApiToken, "t", TokenInputs("hostile-token"));
        return (await _rig.SessionAsync(fromState: true), state);
    }

    /// <summary>A Read through a fresh process (no shared listing), as `pulumi refresh` runs.</summary>
    private async Task<ResourceState?> ReadAsync(EngineSession _, ResourceState state)
    {
        var fresh = await _rig.SessionAsync(fromState: true);
        return await fresh.RefreshAsync(state);
    }

    private async Task<RpcException> ReadFailsAsync(EngineSession session, ResourceState state, string call)
    {
        var clock = Stopwatch.StartNew();
        var act = () => session.RefreshAsync(state);
        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        output.WriteLine($"{error.StatusCode}: {error.Status.Detail} ({Figures.Seconds(clock.Elapsed)})");
        ErrorCatalog.Observe(error.Status.Detail, _figures);
        ErrorCatalog.AssertClear(error, _rig.HostPort, call);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20));
        return error;
    }

    private static string Listing(int count)
    {
        var body = new StringBuilder(count * 190);
        body.Append("{\"total\":").Append(count).Append(",\"entries\":[");
        for (var i = 1; i <= count; i++)
        {
            if (i > 1) body.Append(',');
            body.Append("{\"id\":").Append(i).Append(",\"name\":\"bulk-").Append(i.ToString("D6")).Append("-token\",\"comment\":null,")
                .Append("\"permissions\":[\"TASKS_VIEW_ALL\"],\"creatorLogin\":\"admin\",\"created\":1764288000.5,\"modified\":null,\"deleted\":null,\"entryPoint\":null}");
        }
        return body.Append("]}").ToString();
    }

    /// <summary>Counts TCP connections accepted on an address (a host the provider must never reach).</summary>
    private sealed class ConnectionCounter : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private int _connections;

        public ConnectionCounter(IPAddress address)
        {
            _listener = new TcpListener(address, 0);
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    try
                    {
                        using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                        Interlocked.Increment(ref _connections);
                    }
                    catch (Exception) when (_stop.IsCancellationRequested)
                    {
                        return;
                    }
                }
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
        public int Connections => Volatile.Read(ref _connections);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
