using PtSandbox.Harness;
using PtSandbox.Harness.Monitor;
using PtSandbox.Provider.Tests.Support;

namespace PtSandbox.Provider.Tests.Programs;

/// <summary>
/// tests/programs/tokens run through the harness's resource monitor against the emulator: the stack config points the
/// default provider (and, through project config, the explicit one) at it; the state and its key live in a temp folder.
/// </summary>
public sealed class ProgramStack : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"ptsandbox-monitor-{Guid.NewGuid():N}");

    public ProviderTestContext Context { get; } = new();

    public PulumiStack Stack { get; private set; } = null!;

    public string StateFile => Path.Combine(_folder, "dev.json");

    public async Task InitializeAsync()
    {
        await Context.InitializeAsync();
        Directory.CreateDirectory(_folder);
        // The default provider's keys, and the same settings as project config for the program's explicit provider.
        var config = new StackConfig().SetAll("ptsandbox", Context.Config).SetAll("tokens", Context.Config);
        Stack = new PulumiStack(new StackOptions
        {
            Project = "tokens",
            ProgramDirectory = Path.Combine(RepositoryRoot.Find(), "tests", "programs", "tokens"),
            StateFile = StateFile,
            Config = config,
        });
    }

    public async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
