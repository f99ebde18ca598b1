using System.Diagnostics;
using PtSandbox.Harness;
using PtSandbox.Hardening.Tests.Support;
using static PtSandbox.Hardening.Tests.Support.SandboxRig;

namespace PtSandbox.Hardening.Tests;

/// <summary>Suite 4: 200 creates then 200 deletes through one provider process, 20 at a time.</summary>
public sealed class LoadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Tokens = 200;
    private const int Parallelism = 20;

    private readonly Figures _figures = new(output);
    private SandboxRig _rig = null!;

    public async Task InitializeAsync() => _rig = await SandboxRig.StartAsync();
    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Two_hundred_creates_and_deletes_at_parallelism_20_through_one_process()
    {
        var session = await _rig.SessionAsync();

        var (created, createErrors, createLatencies, createWall) = await RunAsync(Enumerable.Range(0, Tokens).ToList(),
            i => session.CreateAsync(ApiToken, $"load{i}", TokenInputs($"load-token-{i:D3}x", comment: $"load {i}")));
        var (_, deleteErrors, deleteLatencies, deleteWall) = await RunAsync(created.OfType<ResourceState>().ToList(),
            async state => { await session.DeleteAsync(state); return state; });

        var stats = await _rig.Control.GetStatsAsync();
        var live = await _rig.LiveTokensAsync();
        Report("create", createLatencies, createWall, createErrors);
        Report("delete", deleteLatencies, deleteWall, deleteErrors);
        _figures.Print($"load: logins {stats.Logins}, bearers issued {stats.BearersIssued}, sandbox requests {stats.Requests.Values.Sum()} " +
                       $"({string.Join(", ", stats.Requests.OrderBy(r => r.Key).Select(r => $"{r.Key} = {r.Value}"))}), live tokens after {live.Count}");

        createErrors.Should().BeEmpty();
        deleteErrors.Should().BeEmpty();
        created.Should().HaveCount(Tokens).And.OnlyHaveUniqueItems(s => s!.Id);
        stats.Logins.Should().Be(1, "one process logs in once and shares its bearer among concurrent calls");
        stats.Count("POST /api/ui/public-api/tokens").Should().Be(Tokens, "no create was sent twice");
        live.Should().BeEmpty();
        (await _rig.Control.GetTokensAsync()).Should().HaveCount(Tokens, "no duplicate token was created");
    }

    private void Report(string operation, List<double> latenciesMs, TimeSpan wall, List<string> errors)
    {
        latenciesMs.Sort();
        _figures.Print($"load {operation}: {latenciesMs.Count} ops in {Figures.Seconds(wall)} = {latenciesMs.Count / wall.TotalSeconds:0.0} ops/s, " +
                       $"p50 {Figures.Percentile(latenciesMs, 50):0.0} ms, p99 {Figures.Percentile(latenciesMs, 99):0.0} ms, " +
                       $"max {latenciesMs.LastOrDefault():0.0} ms, errors {errors.Count}{(errors.Count > 0 ? ": " + errors[0] : "")}");
    }

    private static async Task<(List<TOut?> Results, List<string> Errors, List<double> LatenciesMs, TimeSpan Wall)> RunAsync<TIn, TOut>(
        IReadOnlyList<TIn> items, Func<TIn, Task<TOut>> operation) where TOut : class
    {
        using var gate = new SemaphoreSlim(Parallelism);
        var errors = new List<string>();
        var latencies = new List<double>();
        var wall = Stopwatch.StartNew();
        var results = await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync();
            var clock = Stopwatch.StartNew();
            try
            {
                var result = await operation(item);
                lock (latencies) latencies.Add(clock.Elapsed.TotalMilliseconds);
                return result;
            }
            catch (Exception ex)
            {
                lock (errors) errors.Add(ex.Message);
                return null;
            }
            finally
            {
                gate.Release();
            }
        }));
        return (results.ToList(), errors, latencies, wall.Elapsed);
    }
}
