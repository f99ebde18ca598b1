using System.Diagnostics;
using PtSandbox.Bench;
using PtSandbox.Harness;

// `make bench`: prints start-up, per-call, refresh-at-scale, concurrency, memory, large-request,
// up-over-unchanged-tokens and memory-per-call figures of the built provider binary as a table. A record, not a test: exits 0 whether the targets are met or not (2 only for a bad
// command line).

var (options, usageError) = Options.Parse(args);
if (options is null)
{
    (usageError is null ? Console.Out : Console.Error).WriteLine(usageError is null ? Options.Usage : $"bench: {usageError}\n{Options.Usage}");
    return usageError is null ? 0 : 2;
}

var total = Stopwatch.StartNew();
var report = new Report();
Console.Out.WriteLine($"ptsandbox provider benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} CPUs, runs {options.Runs}{(options.Quick ? " (quick)" : "")}");
Console.Out.WriteLine($"binary: {options.Binary}");
Console.Out.WriteLine("times are medians of runs made in this process; ratios compare figures measured side by side");
Console.Out.Flush();

if (!File.Exists(options.Binary))
{
    report.Failed("provider binary", "-", new FileNotFoundException($"{options.Binary} does not exist (run `make provider`)"));
    report.Print(Console.Out);
    return 0;
}

var tempDir = Directory.CreateTempSubdirectory("ptsandbox-bench-").FullName;
try
{
    await using var engine = await FakeEngine.StartAsync();
    await using var bench = new Bench(options, report, tempDir, engine);

    await Section(bench, "1", StartupSection.RunAsync);
    await Section(bench, "2", OverheadSection.RunAsync);
    await Section(bench, "3", RefreshSection.RunAsync);
    await Section(bench, "4", ConcurrencySection.RunAsync);
    await Section(bench, "5", MemorySection.RunAsync);
    await Section(bench, "6", LargeRequestSection.RunAsync);
    await Section(bench, "7", UpSection.RunAsync);
    await Section(bench, "8", AllocationSection.RunAsync);
}
catch (Exception e)
{
    report.Failed("benchmark set-up", "-", e);
}
finally
{
    try { Directory.Delete(tempDir, recursive: true); }
    catch (IOException) { }
}

Console.Out.WriteLine();
report.Print(Console.Out);
Console.Out.WriteLine($"({report.Rows.Count(r => r.Result == Report.Pass)} PASS, {report.Rows.Count(r => r.Result == Report.Fail)} FAIL, {report.Rows.Count(r => r.Result == Report.Error)} ERROR; {total.Elapsed.TotalSeconds:0} s)");
return 0;

static async Task Section(Bench bench, string number, Func<Bench, Task> run)
{
    if (!bench.Options.Includes(number)) return;
    var clock = Stopwatch.StartNew();
    Console.Error.WriteLine($"bench: section {number}…");
    try
    {
        await run(bench);
    }
    catch (Exception e)
    {
        bench.Report.Failed($"{number}  section", "-", e);
    }
    Console.Error.WriteLine($"bench: section {number} took {clock.Elapsed.TotalSeconds:0.0} s");
}
