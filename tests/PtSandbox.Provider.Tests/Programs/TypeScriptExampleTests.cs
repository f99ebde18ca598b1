using System.Globalization;
using ProviderHost.Values;
using PtSandbox.Emulator;
using PtSandbox.Harness;
using PtSandbox.Harness.Monitor;
using PtSandbox.Provider.Tests.Support;
using Xunit.Abstractions;

namespace PtSandbox.Provider.Tests.Programs;

/// <summary>
/// examples/typescript, with the Node.js SDK built from sdk/nodejs (make sdk_nodejs, then npm ci in the example), run
/// through the harness's resource monitor against the emulator with its default provider configured by the stack:
/// the whole life of the example as a user would run it with `pulumi preview / up / destroy`.
/// </summary>
public sealed class TypeScriptExampleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Project = "ptsandbox-typescript";
    private const string ScannerUrn = "urn:pulumi:dev::ptsandbox-typescript::ptsandbox:index:ApiToken::scannerToken";

    private readonly ProviderTestContext _context = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"ptsandbox-example-{Guid.NewGuid():N}");
    private readonly List<RunResult> _runs = [];
    private PulumiStack _stack = null!;

    public async Task InitializeAsync()
    {
        await _context.InitializeAsync();
        Directory.CreateDirectory(_folder);
        _stack = new PulumiStack(new StackOptions
        {
            Project = Project,
            ProgramDirectory = Path.Combine(RepositoryRoot.Find(), "examples", "typescript"),
            StateFile = Path.Combine(_folder, "dev.json"),
            Config = new StackConfig().SetAll("ptsandbox", _context.Config),
        });
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private EmulatorControl Sandbox => _context.Emulator.Control;

    private async Task<RunResult> SucceededAsync(Task<RunResult> running)
    {
        var run = await running;
        output.WriteLine(run.ToString());
        output.WriteLine("provider calls: " + string.Join(", ", run.ProviderCalls));
        _runs.Add(run);
        run.Error.Should().BeNull();
        return run;
    }

    private async Task<IReadOnlyList<EmulatorToken>> LiveTokensAsync() =>
        [.. (await Sandbox.GetTokensAsync()).Where(t => t.Deleted is null)];

    private IEnumerable<string> HeldTokenSecrets() =>
        _stack.State.Managed.Select(r => r.Outputs.Find("token")).OfType<PropertyValue>().Select(v => v.Unsecret().StringValue);

    [Fact]
    public async Task The_example_previews_creates_changes_nothing_rotates_reads_by_id_and_destroys_without_showing_a_secret()
    {
        var preview = await SucceededAsync(_stack.PreviewAsync());
        preview.CallsOf("Create").Should().HaveCount(2).And.OnlyContain(c => c.Preview);
        (await Sandbox.GetStatsAsync()).Requests.Values.Sum().Should().Be(0, "a preview of new tokens makes no sandbox request");

        var up = await SucceededAsync(_stack.UpAsync());
        up.CallsOf("Create").Should().HaveCount(2);
        (await LiveTokensAsync()).Should().HaveCount(2);
        up.Outputs["apiKey"].IsSecret.Should().BeTrue("the CI token's key is a secret stack output");
        up.Outputs["scannerSettings"].IsSecret.Should().BeTrue("the scanner's settings hold its key");
        up.Outputs["tokensWithThisName"].NumberValue.Should().Be(1, "getApiTokens found the CI token by its generated name");
        // The ScannerClient refuses a key that is not secret: the update succeeding means the program saw a secret Output.
        _stack.State.Managed.Should().OnlyContain(r => r.Outputs["token"].IsSecret);
        var secrets = HeldTokenSecrets().ToList();
        secrets.Should().HaveCount(2);

        var again = await SucceededAsync(_stack.UpAsync());
        again.ProviderCalls.Select(c => c.Method).Should().NotContain(["Create", "Update", "Delete"], "nothing changed");

        var scannerBefore = _stack.State.Find(ScannerUrn)!.Id;
        _stack.Config.Set($"{Project}:rotationKey", "second");
        var rotate = await SucceededAsync(_stack.UpAsync());
        var calls = rotate.ProviderCalls.ToList();
        var create = calls.FindIndex(c => c.Method == "Create" && c.Target == ScannerUrn);
        var delete = calls.FindIndex(c => c.Method == "Delete" && c.Target == ScannerUrn);
        create.Should().BeGreaterThan(-1, "the scanner token is replaced");
        delete.Should().BeGreaterThan(create, "its new token is created before the old one is deleted");
        calls[delete].Id.Should().Be(scannerBefore);
        rotate.CallsOf("Update").Should().ContainSingle("ciToken rotates in place, keeping the old token through its grace period")
            .Which.Target.Should().EndWith("::ciToken");
        var scannerAfter = _stack.State.Find(ScannerUrn)!.Id;
        scannerAfter.Should().NotBe(scannerBefore);
        (await Sandbox.GetTokensAsync()).Single(t => t.Id.ToString(CultureInfo.InvariantCulture) == scannerBefore).Deleted.Should().NotBeNull();
        secrets.AddRange(HeldTokenSecrets());

        _stack.Config.Set($"{Project}:existingTokenId", scannerAfter);
        var read = await SucceededAsync(_stack.UpAsync());
        read.CallsOf("Read").Should().ContainSingle().Which.Id.Should().Be(scannerAfter);
        read.Outputs.Text("existingTokenName").Should().Be("scanner-service");
        read.ProviderCalls.Select(c => c.Method).Should().NotContain(["Create", "Delete"]);

        await SucceededAsync(_stack.DestroyAsync());
        (await LiveTokensAsync()).Should().BeEmpty("destroy deletes every token, retiring ones included");
        _stack.State.Resources.Should().BeEmpty();

        var texts = _runs.Select(r => r.AllText).Append(_stack.StateText).ToList();
        foreach (var secret in secrets.Append(_context.Rig.Options.Password))
            texts.Should().NotContain(t => t.Contains(secret, StringComparison.Ordinal), "no secret may be shown in plain text");
    }
}
