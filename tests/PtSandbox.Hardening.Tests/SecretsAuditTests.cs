using System.Security.Cryptography;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using ProviderHost.Values;
using PtSandbox.Emulator;
using PtSandbox.Harness;
using PtSandbox.Hardening.Tests.Support;
using Pulumirpc;
using static ProviderHost.Values.PropertyMarshaller;
using static PtSandbox.Hardening.Tests.Support.SandboxRig;

namespace PtSandbox.Hardening.Tests;

/// <summary>
/// Suite 1: a whole lifecycle, failures included, through providers launched with --logtostderr -v=9, with every
/// response, error, log line, stdout/stderr byte and the schema recorded, then searched for the password, every
/// token secret, every bearer and cookie that crossed the wire (learnt by a recording relay in front of the emulator).
/// </summary>
public sealed class SecretsAuditTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string WrongPassword = "Wrong-Pa55word-Xq81z";
    private static readonly string[] Flags = ["--logtostderr", "-v=9"];

    private readonly Figures _figures = new(output);
    private readonly LeakAudit _audit = new();
    private readonly List<(string Label, ProviderProcess Process)> _processes = [];
    private SandboxRig _rig = null!;
    private RecordingProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _rig = await SandboxRig.StartAsync(new EmulatorOptions { Http = true });
        _proxy = new RecordingProxy(_rig.Emulator.BaseUrl.Port);
    }

    public async Task DisposeAsync()
    {
        _proxy.Dispose();
        await _rig.DisposeAsync();
    }

    private PropertyMap Config(string? password = null) => _rig.Config(password: password, host: _proxy.BaseUrl);

    [Fact]
    public async Task A_whole_lifecycle_with_failures_leaks_no_secret_anywhere()
    {
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal) { ["password"] = Password, ["wrong password"] = WrongPassword };

        // pulumi up: two tokens.
        var up = await StartAsync("up", Config(), fromState: false);
        var a = await CreateAsync(up, "up", "a", TokenInputs("audit-alpha-token", ["TASKS_VIEW_ALL"], "audited"));
        var b = await CreateAsync(up, "up", "b", TokenInputs("audit-bravo-token", triggers: new Dictionary<string, string> { ["rotation"] = "1" }));
        secrets["token a"] = SecretOf(a);
        secrets["token b"] = SecretOf(b);

        // pulumi up again: nothing to do.
        var same = await _audit.CallAsync("up Check a (no-op)", () => up.CheckAsync(ApiToken, "a", a.Inputs, a.Inputs));
        var noop = await _audit.CallAsync("up Diff a (no-op)", () => up.DiffAsync(a, ToPropertyMap(same!.Inputs)));
        noop!.Changes.Should().Be(DiffResponse.Types.DiffChanges.DiffNone);

        // pulumi up: rotation replaces b (create the new one, then delete the old one).
        var rotatedInputs = TokenInputs("audit-bravo-token", triggers: new Dictionary<string, string> { ["rotation"] = "2" });
        var recheck = await _audit.CallAsync("up Check b (rotation)", () => up.CheckAsync(ApiToken, "b", b.Inputs, rotatedInputs));
        var rotation = await _audit.CallAsync("up Diff b (rotation)", () => up.DiffAsync(b, ToPropertyMap(recheck!.Inputs)));
        rotation!.Replaces.Should().Contain("rotationTriggers");
        var b2 = await CreateAsync(up, "up", "b", rotatedInputs);
        secrets["token b (rotated)"] = SecretOf(b2);
        await _audit.CallAsync("up Delete b (replaced)", () => up.Client.DeleteAsync(DeleteOf(b)).ResponseAsync);

        // pulumi refresh: a fresh process from state.
        var refresh = await StartAsync("refresh", Config(), fromState: true);
        (await ReadAsync(refresh, "refresh", a)).Should().NotBeNull();
        (await ReadAsync(refresh, "refresh", b2)).Should().NotBeNull();

        // a is deleted out of band; the next refresh finds it gone. Then b2 is imported under another name.
        await _rig.Control.DeleteTokenAsync(long.Parse(a.Id));
        var refresh2 = await StartAsync("refresh-2", Config(), fromState: true);
        (await ReadAsync(refresh2, "refresh-2", a)).Should().BeNull("a token deleted out of band is gone");
        var imported = await _audit.CallAsync("import Read", () => refresh2.Client.ReadAsync(new ReadRequest
        {
            Id = b2.Id, Urn = refresh2.Urn(ApiToken, "imported"), Name = "imported", Type = ApiToken,
        }).ResponseAsync);
        await _audit.CallAsync("import Check", () => refresh2.CheckAsync(ApiToken, "imported", ToPropertyMap(imported!.Inputs), ToPropertyMap(imported.Inputs)));

        // Failures: a wrong password, a 500 burst whose body echoes the password, a failing create, a Check failure.
        var wrong = await StartAsync("wrong-password", Config(WrongPassword), fromState: true);
        (await ReadAsync(wrong, "wrong-password", b2, expectError: true)).Should().BeNull();
        var echo = System.Text.Json.JsonSerializer.Serialize(new { errors = new[] { new { message = $"internal error while handling user admin with password {Password}", type = "ServerError" } } });
        await _rig.Control.AddFaultAsync(new Fault { Method = "GET", Path = "/api/ui/public-api/tokens", Count = 10, Status = 500, ContentType = "application/json", Body = echo });
        var burst = await StartAsync("500-burst", Config(), fromState: true);
        (await ReadAsync(burst, "500-burst", b2, expectError: true)).Should().BeNull();
        await _rig.Control.AddFaultAsync(new Fault { Method = "POST", Path = "/api/ui/public-api/tokens", Count = 10, Status = 500, ContentType = "application/json", Body = echo });
        var failed = await _audit.CallAsync("up Create (500 burst)", () => up.Client.CreateAsync(CreateOf(up, "failing", TokenInputs("audit-failing-token"))).ResponseAsync);
        failed.Should().BeNull("the create failed");
        await _rig.Control.ClearFaultsAsync();
        var invalid = await _audit.CallAsync("up Check (invalid)", () => up.CheckAsync(ApiToken, "bad", PropertyMap.Empty,
            Values.Map(("name", "1-not-valid-"), ("permissions", new[] { "nope" }), ("comment", 5.0))));
        invalid!.Failures.Should().NotBeEmpty();

        // A provider with no password at all (ConfigureErrorMissingKeys in the trailers), and the schema.
        var schemaProcess = await StartAsync("schema", null, fromState: true);
        var schema = await _audit.CallAsync("GetSchema", () => schemaProcess.Client.GetSchemaAsync(new GetSchemaRequest()).ResponseAsync);
        schema!.Schema.Should().Contain("password");
        var missing = await _audit.CallAsync("Configure (no password)", () => schemaProcess.ConfigureFromStateAsync(Config().Remove("password")));
        missing.Should().BeNull("Configure fails without a password");

        // getApiTokens, then pulumi destroy.
        await _audit.CallAsync("getApiTokens", () => up.InvokeAsync(GetApiTokens, PropertyMap.Empty));
        var destroy = await StartAsync("destroy", Config(), fromState: true);
        await _audit.CallAsync("destroy Delete b", () => destroy.Client.DeleteAsync(DeleteOf(b2)).ResponseAsync);
        await _audit.CallAsync("destroy Delete a (gone)", () => destroy.Client.DeleteAsync(DeleteOf(a)).ResponseAsync);
        (await _rig.LiveTokensAsync()).Should().BeEmpty();

        // Stop every provider (Cancel, SIGINT) so their logs and stderr are complete, then collect them.
        await _rig.StopProvidersAsync();
        foreach (var (label, process) in _processes)
        {
            _audit.Add($"{label} stderr", process.Stderr);
            _audit.Add($"{label} stdout after the port line", string.Join("\n", process.ExtraStdout));
        }
        var logs = _rig.Engine.Logs.ToList();
        for (var i = 0; i < logs.Count; i++) _audit.Add($"Engine.Log #{i} ({logs[i].Severity})", logs[i].Urn + " " + logs[i].Message);

        // What crossed the wire: every bearer and cookie is a secret too.
        var bearers = _proxy.Bearers;
        var cookies = _proxy.CookieValues;
        foreach (var (bearer, i) in bearers.Select((v, i) => (v, i))) secrets[$"bearer #{i}"] = bearer;
        foreach (var (cookie, i) in cookies.Select((v, i) => (v, i))) secrets[$"cookie #{i}"] = cookie;

        var found = _audit.Find(secrets);
        _figures.Print($"secrets audit: {_audit.Places} places scanned ({_audit.Characters:N0} characters: {logs.Count} engine log lines, " +
                       $"{_processes.Count} processes' stderr and stdout, every response and error, the schema), " +
                       $"{secrets.Count} secret values searched ({bearers.Count} bearers, {cookies.Count} cookies, {secrets.Keys.Count(k => k.StartsWith("token"))} token secrets, 2 passwords), " +
                       $"{_audit.SecretObjectsCut} secret objects cut out, {found.Count} leaks");
        foreach (var leak in found) output.WriteLine("LEAK: " + leak);
        foreach (var detail in _audit.ErrorDetails) ErrorCatalog.Observe(detail, _figures);
        _audit.ErrorDetails.Should().HaveCount(4, "wrong password, 500 burst on read, 500 burst on create, missing password");

        _proxy.ToServer.Should().Contain(System.Text.Json.JsonSerializer.Serialize(Password), "the relay saw the login (so the bearers it learnt are real)");
        bearers.Should().NotBeEmpty();
        cookies.Should().HaveCountGreaterThanOrEqualTo(2, "session and refresh cookies");
        logs.Should().NotBeEmpty();
        _processes.Where(p => p.Label != "schema").Should().OnlyContain(p => p.Process.Stderr.Length > 0,
            "-v=9 --logtostderr echoes every process's log lines to stderr");
        output.WriteLine("stderr of the up process:\n" + _processes[0].Process.Stderr);
        found.Should().BeEmpty("no secret may appear in plain text outside a secret object");
    }

    // ---- calls, each recorded --------------------------------------------------------------------------------

    private async Task<EngineSession> StartAsync(string label, PropertyMap? config, bool fromState)
    {
        var process = await _rig.LaunchAsync(Flags);
        _processes.Add((label, process));
        var session = new EngineSession(process);
        await _audit.CallAsync($"{label} Handshake+GetPluginInfo", () => session.HandshakeAsync(_rig.Engine.Address));
        if (config is null) return session;
        if (!fromState)
        {
            // CheckConfig gets plain values and echoes them: the engine re-marks the password secret (protocol §4),
            // so that one field is the only plain copy allowed.
            await _audit.CallAsync($"{label} CheckConfig", () => session.CheckConfigAsync(config), "inputs.password");
        }
        await _audit.CallAsync($"{label} Configure", () => session.ConfigureFromStateAsync(config));
        return session;
    }

    private async Task<ResourceState> CreateAsync(EngineSession session, string phase, string name, PropertyMap inputs)
    {
        var check = await _audit.CallAsync($"{phase} Check {name}", () => session.CheckAsync(ApiToken, name, PropertyMap.Empty, inputs));
        check!.Failures.Should().BeEmpty();
        var checkedInputs = ToPropertyMap(check.Inputs);
        var created = await _audit.CallAsync($"{phase} Create {name}", () => session.Client.CreateAsync(CreateOf(session, name, checkedInputs)).ResponseAsync);
        created.Should().NotBeNull();
        var state = new ResourceState(ApiToken, name, session.Urn(ApiToken, name), created!.Id, checkedInputs, ToPropertyMap(created.Properties));

        // The secret is wrapped; its hash is the sandbox's key (SHA-256), never the secret; the id is the sandbox id.
        var secret = SecretOf(state);
        var hash = state.Outputs.Text("tokenHash");
        hash.Should().Be(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))));
        hash.Should().NotContain(secret);
        long.TryParse(state.Id, out _).Should().BeTrue("the id is the sandbox's numeric id, nothing derived from the secret");
        return state;
    }

    private async Task<ReadResponse?> ReadAsync(EngineSession session, string phase, ResourceState state, bool expectError = false)
    {
        var read = await _audit.CallAsync($"{phase} Read {state.Name}", () => session.Client.ReadAsync(new ReadRequest
        {
            Id = state.Id, Urn = state.Urn, Name = state.Name, Type = state.Type,
            Properties = ToStruct(state.Outputs), Inputs = ToStruct(state.Inputs),
        }).ResponseAsync);
        if (expectError) read.Should().BeNull("this read is meant to fail");
        if (read is null || read.Id.Length == 0) return null;
        read.Properties.Fields["token"].StructValue.Fields[Sentinels.SignatureKey].StringValue.Should().Be(Sentinels.SecretSignature);
        return read;
    }

    private static CreateRequest CreateOf(EngineSession session, string name, PropertyMap inputs) => new()
    {
        Urn = session.Urn(ApiToken, name), Name = name, Type = ApiToken, Properties = ToStruct(inputs),
    };

    private static DeleteRequest DeleteOf(ResourceState state) => new()
    {
        Id = state.Id, Urn = state.Urn, Name = state.Name, Type = state.Type,
        Properties = ToStruct(state.Outputs), OldInputs = ToStruct(state.Inputs),
    };

    private static string SecretOf(ResourceState state)
    {
        state.Outputs["token"].IsSecret.Should().BeTrue("the token output is a Pulumi secret");
        var secret = state.Outputs.Text("token");
        secret.Should().NotBeNullOrEmpty();
        return secret!;
    }
}
