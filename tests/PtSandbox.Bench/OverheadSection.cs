using System.Diagnostics;

namespace PtSandbox.Bench;

/// <summary>
/// 2. Per-operation overhead: one Create + one Delete through the binary (gRPC → provider → emulator) against the
/// same two HTTP calls made directly with a logged-in HttpClient. Both paths warmed first; pairs alternate.
/// </summary>
internal static class OverheadSection
{
    private const int WarmPairs = 5;

    public static async Task RunAsync(Bench bench)
    {
        const string figure = "2  Create+Delete: provider (gRPC) / direct HTTP";
        try
        {
            await MeasureAsync(bench);
        }
        catch (Exception e)
        {
            bench.Report.Failed(figure, "≤ 1.2x", e);
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
        var viaDirect = new List<double>();
        var providerCreate = new List<double>();
        var providerDelete = new List<double>();
        var directCreate = new List<double>();
        var directDelete = new List<double>();

        // Warm-up: the provider logs in on its first call; both sides open their connections and JIT the bench code.
        for (var i = 0; i < WarmPairs; i++)
        {
            await ProviderPairAsync(plugin, Name("warm-p", i));
            await DirectPairAsync(direct, Name("warm-d", i));
        }

        var pairs = bench.Options.Pairs;
        for (var i = 0; i < pairs; i++)
        {
            // Alternate which path goes first, so neither always follows the other.
            if (i % 2 == 0)
            {
                Add(await ProviderPairAsync(plugin, Name("p", i)), viaProvider, providerCreate, providerDelete);
                Add(await DirectPairAsync(direct, Name("d", i)), viaDirect, directCreate, directDelete);
            }
            else
            {
                Add(await DirectPairAsync(direct, Name("d", i)), viaDirect, directCreate, directDelete);
                Add(await ProviderPairAsync(plugin, Name("p", i)), viaProvider, providerCreate, providerDelete);
            }
        }

        // The floor of the gRPC hop itself: a no-op RPC on the same warm process and channel.
        var noop = new List<double>();
        for (var i = 0; i < pairs * 2; i++)
        {
            var clock = Stopwatch.StartNew();
            await plugin.Client.GetPluginInfoAsync(new Google.Protobuf.WellKnownTypes.Empty(), deadline: Plugin.Deadline(30));
            noop.Add(clock.Elapsed.TotalMilliseconds);
        }

        var p = Fmt.Median(viaProvider);
        var d = Fmt.Median(viaDirect);
        report.Info("2a provider: Create+Delete via gRPC", $"{Fmt.MsSpread(viaProvider)}; create {Fmt.Ms(Fmt.Median(providerCreate))}, delete {Fmt.Ms(Fmt.Median(providerDelete))}");
        report.Info("2b direct: POST+DELETE via HttpClient", $"{Fmt.MsSpread(viaDirect)}; create {Fmt.Ms(Fmt.Median(directCreate))}, delete {Fmt.Ms(Fmt.Median(directDelete))}");
        var hop = Fmt.Median(noop);
        report.Check("2c overhead: provider / direct (medians)", $"{Fmt.Ratio(p / d)} (+{Fmt.Ms(p - d)} per pair)", "≤ 1.2x", p / d <= 1.2);
        report.Info("2d   gRPC round trip floor (no-op GetPluginInfo, warm)", $"{Fmt.MsSpread(noop)}; x2 per pair = {Fmt.Ms(2 * hop)} = {2 * hop / d * 100:0}% of the direct pair");
    }

    private static string Name(string kind, int i) => $"bench-{kind}{i}-x";

    private static void Add((double Create, double Delete) sample, List<double> pair, List<double> create, List<double> delete)
    {
        pair.Add(sample.Create + sample.Delete);
        create.Add(sample.Create);
        delete.Add(sample.Delete);
    }

    private static async Task<(double Create, double Delete)> ProviderPairAsync(Plugin plugin, string name)
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
