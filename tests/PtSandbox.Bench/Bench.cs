using PtSandbox.Emulator;
using PtSandbox.Harness;

namespace PtSandbox.Bench;

/// <summary>Command-line options: <c>--provider PATH</c>, <c>--runs N</c>, <c>--quick</c>, <c>--sections 2,3</c>.</summary>
internal sealed record Options(string Binary, int Runs, bool Quick, IReadOnlySet<string>? Sections = null)
{
    public const string Usage = "usage: PtSandbox.Bench [--provider PATH] [--runs N] [--quick] [--sections N,N,...]";

    /// <summary>Whether section <paramref name="number"/> runs (all of them unless <c>--sections</c> names some).</summary>
    public bool Includes(string number) => Sections is null || Sections.Contains(number);

    /// <summary>Repetitions of the costlier figures (refresh at scale, 50 concurrent creates).</summary>
    public int Repeats => Quick ? 1 : Math.Clamp(Runs / 3, 1, 5);

    /// <summary>Create+Delete pairs per path in section 2 (at least 30).</summary>
    public int Pairs => Quick ? 30 : Math.Max(30, Runs * 4);

    public static (Options? Options, string? Error) Parse(string[] args)
    {
        string? binary = null;
        int? runs = null;
        var quick = false;
        HashSet<string>? sections = null;
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
                case "--sections" when i + 1 < args.Length:
                    sections = [.. args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                    if (sections.Count == 0 || sections.Any(n => n is not ("1" or "2" or "3" or "4" or "5" or "6" or "7" or "8")))
                        return (null, $"--sections wants section numbers 1 to 8, comma-separated, not '{args[i]}'");
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
        return (new Options(Path.GetFullPath(binary), runs ?? (quick ? 5 : 15), quick, sections), null);
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
