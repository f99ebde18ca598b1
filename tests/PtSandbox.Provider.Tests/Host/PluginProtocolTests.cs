using Google.Protobuf;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ProviderHost.Values;
using PtSandbox.Harness;
using PtSandbox.Provider.Tests.Support;
using Pulumirpc;

namespace PtSandbox.Provider.Tests.Host;

/// <summary>
/// The launch contract and the config/schema RPCs, through the built binary. No sandbox involved. The host's own
/// behaviour (dispatch, the Configure gate, Cancel, errors) is tested in-process in ProviderHost.Tests.
/// </summary>
public class PluginProtocolTests : IAsyncLifetime
{
    private readonly ProviderTestContext _ctx = new();

    public Task InitializeAsync() => _ctx.InitializeAsync();
    public Task DisposeAsync() => _ctx.DisposeAsync();

    private static PropertyMap OfflineConfig => Values.Map(("host", "127.0.0.1:1"), ("username", "u"), ("password", Values.Secret("p")));

    [Fact]
    public async Task Launched_like_the_engine_it_prints_only_the_port_and_exits_cleanly_on_SIGINT()
    {
        var provider = await _ctx.LaunchAsync(["--logtostderr", "-v=9", "--tracing", "http://127.0.0.1:1"]);
        var session = new EngineSession(provider);

        var info = await session.HandshakeAsync(_ctx.Engine.Address);
        info.Version.Should().MatchRegex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$");
        info.Version.Should().Be(CommittedSchema()["version"]!.GetValue<string>());

        var clock = Stopwatch.StartNew();
        (await provider.InterruptAsync(TimeSpan.FromSeconds(15))).Should().Be(0);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15));
        provider.ExtraStdout.Should().BeEmpty();
    }

    [Fact]
    public async Task SIGTERM_also_stops_it_cleanly()
    {
        var provider = await _ctx.LaunchAsync();
        (await new EngineSession(provider).Client.GetPluginInfoAsync(new Empty())).Version.Should().NotBeEmpty();
        System.Diagnostics.Process.Start("kill", ["-TERM", provider.ProcessId.ToString()])!.WaitForExit();
        await Eventually.HoldsAsync(() => provider.ExitCode is not null, "the provider exited");
        provider.ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task SchemaSnapshot_GetSchema_serves_exactly_the_committed_schema()
    {
        var session = new EngineSession(await _ctx.LaunchAsync());
        var served = (await session.Client.GetSchemaAsync(new GetSchemaRequest { Version = 0 })).Schema;
        var path = Path.Combine(RepositoryRoot.Find(), "provider", "schema.json");
        if (Environment.GetEnvironmentVariable("PTSANDBOX_WRITE_SCHEMA") == "1")
            await File.WriteAllTextAsync(path, served + "\n");

        JsonNode.DeepEquals(JsonNode.Parse(served), CommittedSchema())
            .Should().BeTrue("provider/schema.json must match GetSchema; run `make schema` after changing the schema in code");
    }

    [Fact]
    public async Task Every_resource_function_property_and_config_key_has_a_description()
    {
        var schema = CommittedSchema();
        var missing = new List<string>();
        void Check(JsonObject? properties, string where)
        {
            foreach (var (name, spec) in properties ?? [])
                if (string.IsNullOrWhiteSpace(spec?["description"]?.GetValue<string>())) missing.Add($"{where}.{name}");
        }
        foreach (var (token, spec) in schema["resources"]!.AsObject())
        {
            if (string.IsNullOrWhiteSpace(spec!["description"]?.GetValue<string>())) missing.Add(token);
            spec["description"]!.GetValue<string>().Should().Contain("## Import");
            Check(spec["properties"]?.AsObject(), token);
            Check(spec["inputProperties"]?.AsObject(), token);
            Check(spec["listInputs"]?["properties"]?.AsObject(), token + ".listInputs");
        }
        foreach (var (token, spec) in schema["functions"]!.AsObject())
        {
            if (string.IsNullOrWhiteSpace(spec!["description"]?.GetValue<string>())) missing.Add(token);
            Check(spec["inputs"]?["properties"]?.AsObject(), token);
            Check(spec["outputs"]?["properties"]?.AsObject(), token);
        }
        foreach (var (token, spec) in schema["types"]!.AsObject())
            Check(spec!["properties"]?.AsObject(), token);
        Check(schema["config"]!["variables"]!.AsObject(), "config");
        Check(schema["provider"]!["inputProperties"]!.AsObject(), "provider");
        missing.Should().BeEmpty();
        schema["resources"]!["ptsandbox:index:ApiToken"]!["properties"]!["token"]!["secret"]!.GetValue<bool>().Should().BeTrue();
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Attach_mode_waits_for_Attach_and_then_logs_to_that_engine()
    {
        var provider = await ProviderProcess.StartAsync(engineAddress: null, environment: new Dictionary<string, string?> { ["PTSANDBOX_HOST"] = null });
        await using var _ = provider;
        var session = new EngineSession(provider);
        await session.Client.HandshakeAsync(new ProviderHandshakeRequest());
        await session.Client.AttachAsync(new PluginAttach { Address = _ctx.Engine.Address });
        await session.ConfigureAsync(OfflineConfig);

        var check = await session.CheckAsync(ProviderTestContext.ApiToken, "future", PropertyMap.Empty,
            ProviderTestContext.TokenInputs("future-token", ["SCAN_WITH_PREDEFINED_SETTINGS", "FUTURE_PERMISSION"]));

        check.Failures.Should().BeEmpty();
        var log = await _ctx.Engine.WaitForLogAsync(l => l.Message.Contains("FUTURE_PERMISSION")).WaitAsync(TimeSpan.FromMinutes(1));
        log.Severity.Should().Be(LogSeverity.Warning);
        log.Urn.Should().Be(session.Urn(ProviderTestContext.ApiToken, "future"));
    }

    [Fact]
    public async Task CheckConfig_reports_each_malformed_or_missing_key_on_that_key()
    {
        var session = new EngineSession(await _ctx.LaunchAsync());
        var bad = await session.CheckConfigAsync(Values.Map(
            ("host", "https://user:pw@sandbox.example.com/../etc"), ("authType", "kerberos"),
            ("insecureSkipVerify", "maybe"), ("caCertificate", "not a pem")));

        bad.Failures.Select(f => f.Property).Should().BeEquivalentTo(
            ["host", "username", "password", "authType", "insecureSkipVerify", "caCertificate"]);
        bad.Failures.Single(f => f.Property == "host").Reason.Should().Contain("credentials").And.NotContain("pw@");

        var good = await session.CheckConfigAsync(Values.Map(("host", "sandbox.example.com:8443"), ("username", "u"), ("password", "p"),
            ("authType", "ldap"), ("insecureSkipVerify", "true"), ("caCertificate", "")));
        good.Failures.Should().BeEmpty("an empty optional value means unset (YAML programs cannot omit one)");

        var emptyHost = await session.CheckConfigAsync(Values.Map(("host", ""), ("username", "u"), ("password", "p")));
        emptyHost.Failures.Should().ContainSingle().Which.Property.Should().Be("host");
    }

    [Fact]
    public async Task Configure_never_quotes_a_config_value_marked_secret()
    {
        var session = new EngineSession(await _ctx.LaunchAsync());
        var act = () => session.ConfigureFromStateAsync(Values.Map(
            ("host", Values.Secret("https://hidden-host.example/evil-path")), ("username", "u"), ("password", Values.Secret("p")),
            ("authType", Values.Secret("hidden-kind"))));

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().Contain("host").And.Contain("authType").And.NotContain("hidden");
    }

    [Fact]
    public async Task Environment_variables_stand_in_for_missing_config()
    {
        var provider = await _ctx.LaunchAsync(environment: new Dictionary<string, string?>
        {
            ["PTSANDBOX_HOST"] = "127.0.0.1:1", ["PTSANDBOX_USERNAME"] = "u", ["PTSANDBOX_PASSWORD"] = "p",
        });
        var session = new EngineSession(provider);
        (await session.CheckConfigAsync(PropertyMap.Empty)).Failures.Should().BeEmpty();
        (await session.ConfigureFromStateAsync(PropertyMap.Empty)).SupportsPreview.Should().BeTrue();
    }

    [Fact]
    public async Task Configure_without_required_keys_returns_ConfigureErrorMissingKeys()
    {
        var session = new EngineSession(await _ctx.LaunchAsync());
        var act = () => session.ConfigureFromStateAsync(Values.Map(("host", "127.0.0.1:1")));

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        var details = error.Trailers.GetValueBytes("grpc-status-details-bin");
        details.Should().NotBeNull();
        var status = Google.Rpc.Status.Parser.ParseFrom(details);
        status.Details.Should().ContainSingle();
        var missing = status.Details[0].Unpack<ConfigureErrorMissingKeys>();
        missing.MissingKeys.Select(k => k.Name).Should().BeEquivalentTo(["ptsandbox:username", "ptsandbox:password"]);
        missing.MissingKeys.Should().OnlyContain(k => k.Description.Contains("PTSANDBOX_"));
    }

    private static JsonNode CommittedSchema() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "provider", "schema.json")))!;
}
