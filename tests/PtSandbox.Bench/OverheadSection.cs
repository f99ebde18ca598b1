using System.Diagnostics;

namespace PtSandbox.Bench;

/// <summary>
/// 2. Per-operation cost: one Create + one Delete through the binary (gRPC → provider → emulator) against its floor,
/// measured in the same run: the same two HTTP calls made directly (<see cref="DirectApi"/>, the provider's HTTP
/// settings) plus two no-op round trips (GetPluginInfo) to the same warm process on the same channel. The provider's
/// own cost is the difference of the two medians. Both paths are warmed first; provider pairs and floor samples
/// alternate, each going first every other time. Then the provider's CPU time for a block of pairs against that of
/// a block of no-op pairs on the same process, and then for a block of pairs made once the sandbox holds 1,000 other tokens.
/// </summary>
internal static class OverheadSection
{
    private const int WarmPairs = 5;
    private const double OwnTargetMs = 0.2;
    private const int OtherTokens = 1000;

    public static async Task RunAsync(Bench bench)
    {
        const string figure = "2c own cost per warm Create+Delete (provider − floor)";
        try
        {
            await MeasureAsync(bench);
        }
        catch (Exception e)
        {
            bench.Report.Failed(figure, $"≤ {Fmt.Ms(OwnTargetMs)}", e);
        }
    }

    private static async Task MeasureAsync(Bench bench)
    {
        var report = bench.Report;
        var emulator = await bench.EmulatorAsync();
        await emulator.Control.ResetAsync();
        using var direct = await DirectApi.LoginAsync(emulator.BaseUrl, "admin", "admin");
        await using var plugin = await Plugin.StartConfiguredAsync(bench, Bench.Host(emulator), "2 create/delete");

        var viaProvider = new List<double>();
        var providerCreate = new List<double>();
        var providerDelete = new List<double>();
        var floor = new List<double>();
        var directPair = new List<double>();
        var noopPair = new List<double>();

        // Warm-up: the provider logs in on its first call; both sides open their connections and JIT the bench code.
        for (var i = 0; i < WarmPairs; i++)
        {
            await ProviderPairAsync(plugin, Name("warm-p", i));
            await FloorAsync(plugin, direct, Name("warm-d", i));
        }

        var pairs = bench.Options.Pairs;
        for (var i = 0; i < pairs; i++)
        {
            // Alternate which path goes first, so neither always follows the other.
            if (i % 2 == 0)
            {
                Add(await ProviderPairAsync(plugin, Name("p", i)), viaProvider, providerCreate, providerDelete);
                Add(await FloorAsync(plugin, direct, Name("d", i)), floor, directPair, noopPair);
            }
            else
            {
                Add(await FloorAsync(plugin, direct, Name("d", i)), floor, directPair, noopPair);
                Add(await ProviderPairAsync(plugin, Name("p", i)), viaProvider, providerCreate, providerDelete);
            }
        }

        // CPU time of the provider process: a block of pairs, then as many pairs of no-op round trips.
        var pid = plugin.Process.ProcessId;
        var cpuBefore = ProcStatus.CpuMs(pid);
        var faultsBefore = ProcStatus.MinorFaults(pid);
        for (var i = 0; i < pairs; i++) await ProviderPairAsync(plugin, Name("cpu", i));
        var cpuPairs = ProcStatus.CpuMs(pid) - cpuBefore;
        var faultsPairs = ProcStatus.MinorFaults(pid) - faultsBefore;
        cpuBefore = ProcStatus.CpuMs(pid);
        for (var i = 0; i < pairs; i++) await NoopPairAsync(plugin);
        var cpuNoops = ProcStatus.CpuMs(pid) - cpuBefore;

        // The same pairs once the sandbox holds 1,000 other tokens: what a create and a delete cost grows with the
        // listing they are checked against only where they re-read or copy it.
        await RefreshSection.CreateTokensAsync(emulator, OtherTokens, "bench-o");
        for (var i = 0; i < WarmPairs; i++) await ProviderPairAsync(plugin, Name("warm-o", i));
        cpuBefore = ProcStatus.CpuMs(pid);
        for (var i = 0; i < pairs; i++) await ProviderPairAsync(plugin, Name("o", i));
        var cpuCrowded = ProcStatus.CpuMs(pid) - cpuBefore;

        var p = Fmt.Median(viaProvider);
        var f = Fmt.Median(floor);
        report.Info("2a provider: Create+Delete via gRPC", $"{Fmt.MsSpread(viaProvider)}; create {Fmt.Ms(Fmt.Median(providerCreate))}, delete {Fmt.Ms(Fmt.Median(providerDelete))}");
        report.Info("2b floor: direct POST+DELETE + 2 no-op round trips", $"{Fmt.MsSpread(floor)}; direct pair {Fmt.Ms(Fmt.Median(directPair))}, 2 no-ops {Fmt.Ms(Fmt.Median(noopPair))}");
        report.Check("2c own cost per warm Create+Delete (provider − floor)", $"{Fmt.Ms(p - f)} ({(p - f) / p * 100:0}% of the provider's pair; {Fmt.Ratio(p / f)} the floor)",
            $"≤ {Fmt.Ms(OwnTargetMs)}", p - f <= OwnTargetMs);
        report.Info("2d provider CPU per Create+Delete / per 2 no-ops", $"{Fmt.Ms(cpuPairs / pairs)} / {Fmt.Ms(cpuNoops / pairs)} (own {Fmt.Ms((cpuPairs - cpuNoops) / pairs)}, {pairs} of each); page faults over the pairs {faultsPairs}");
        report.Info($"2e provider CPU per Create+Delete, {OtherTokens:N0} other tokens in the sandbox", $"{Fmt.Ms(cpuCrowded / pairs)} (own {Fmt.Ms((cpuCrowded - cpuNoops) / pairs)}, {pairs} pairs)");
    }

    /// <summary>The floor of one pair: the direct POST + DELETE, then two no-op round trips to the provider.</summary>
    private static async Task<(double Direct, double Noops)> FloorAsync(Plugin plugin, DirectApi direct, string name)
    {
        var (create, delete) = await DirectPairAsync(direct, name);
        return (create + delete, await NoopPairAsync(plugin));
    }

    private static async Task<double> NoopPairAsync(Plugin plugin)
    {
        var clock = Stopwatch.StartNew();
        await plugin.NoopAsync(deadlineSeconds: 30);
        await plugin.NoopAsync(deadlineSeconds: 30);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static string Name(string kind, int i) => $"bench-{kind}{i}-x";

    private static void Add((double Create, double Delete) sample, List<double> pair, List<double> create, List<double> delete)
    {
        pair.Add(sample.Create + sample.Delete);
        create.Add(sample.Create);
        delete.Add(sample.Delete);
    }

    /// <summary>One Create, then the Delete of what it made, through the provider: the time of each.</summary>
    internal static async Task<(double Create, double Delete)> ProviderPairAsync(Plugin plugin, string name)
    {
        var create = plugin.Create(name);
        var clock = Stopwatch.StartNew();
        var created = await plugin.Client.CreateAsync(create, deadline: Plugin.Deadline(30));
        var createdIn = clock.Elapsed.TotalMilliseconds;
        if (created.Id.Length == 0) throw new InvalidOperationException("Create returned no id");
        var delete = plugin.Delete(name, created);
        clock.Restart();
        await plugin.Client.DeleteAsync(delete, deadline: Plugin.Deadline(30));
        return (createdIn, clock.Elapsed.TotalMilliseconds);
    }

    private static async Task<(double Create, double Delete)> DirectPairAsync(DirectApi direct, string name)
    {
        var clock = Stopwatch.StartNew();
        var token = await direct.CreateAsync(name, Plugin.Permissions);
        var createdIn = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        await direct.DeleteAsync(token.Id);
        return (createdIn, clock.Elapsed.TotalMilliseconds);
    }
}
