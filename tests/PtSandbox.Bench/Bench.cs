using PtSandbox.Emulator;
using PtSandbox.Harness;

namespace PtSandbox.Bench;

/// <summary>Command-line options: <c>--provider PATH</c>, <c>--runs N</c>, <c>--quick</c>.</summary>
internal sealed record Options(string Binary, int Runs, bool Quick)
{
    public const string Usage = "usage: PtSandbox.Bench [--provider PATH] [--runs N] [--quick]";

    /// <summary>Repetitions of the costlier figures (refresh at scale, 50 concurrent creates).</summary>
    public int Repeats => Quick ? 1 : Math.Clamp(Runs / 3, 1, 5);

    /// <summary>Create+Delete pairs per path in section 2 (at least 30).</summary>
    public int Pairs => Quick ? 30 : Math.Max(30, Runs * 4);

    public static (Options? Options, string? Error) Parse(string[] args)
    {
        string? binary = null;
        int? runs = null;
        var quick = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--provider" when i + 1 < args.Length:
                    binary = args[++i];
                    break;
                case "--runs" when i + 1 < args.Length:
                    if (!int.TryParse(args[++i], out var n) || n < 1) return (null, $"--runs wants a positive number, not '{args[i]}'");
                    runs = n;
                    break;
                case "--quick":
                    quick = true;
                    break;
                case "-h" or "--help":
                    return (null, null);
                default:
                    return (null, $"unknown or incomplete argument '{args[i]}'");
            }
        }
        binary ??= ProviderProcess.DefaultBinary;
        return (new Options(Path.GetFullPath(binary), runs ?? (quick ? 5 : 15), quick), null);
    }
}

/// <summary>What every section shares: options, the report, a fake engine, the emulator and a temp dir.</summary>
internal sealed class Bench(Options options, Report report, string tempDir, FakeEngine engine) : IAsyncDisposable
{
    private EmulatorServer? _emulator;

    public Options Options { get; } = options;
    public Report Report { get; } = report;
    public string TempDir { get; } = tempDir;
    public FakeEngine Engine { get; } = engine;
    public string Binary => Options.Binary;

    /// <summary>Peak RSS (VmHWM) of every provider process used by sections 2–4, with what it was used for.</summary>
    public List<(string Use, long Bytes, long FileNow, long AnonNow)> PeakRss { get; } = [];

    /// <summary>The in-process emulator over plain HTTP, started on first use.</summary>
    public async Task<EmulatorServer> EmulatorAsync()
    {
        _emulator ??= await EmulatorServer.StartAsync(new EmulatorOptions { Http = true, Username = "admin", Password = "admin" });
        return _emulator;
    }

    /// <summary>The provider's <c>host</c> setting for the emulator: <c>http://127.0.0.1:PORT</c>.</summary>
    public static string Host(EmulatorServer emulator) => emulator.BaseUrl.GetLeftPart(UriPartial.Authority);

    public async ValueTask DisposeAsync()
    {
        if (_emulator is not null) await _emulator.DisposeAsync();
    }
}
