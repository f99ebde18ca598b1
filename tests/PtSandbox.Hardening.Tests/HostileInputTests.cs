using Grpc.Core;
using ProviderHost.Values;
using PtSandbox.Harness;
using PtSandbox.Hardening.Tests.Support;
using Pulumirpc;
using static PtSandbox.Hardening.Tests.Support.SandboxRig;

namespace PtSandbox.Hardening.Tests;

/// <summary>One emulator and one configured provider shared by every bad-input case (Check and CheckConfig make no request).</summary>
public sealed class BadInputFixture : IAsyncLifetime
{
    public SandboxRig Rig { get; private set; } = null!;
    public EngineSession Session { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Rig = await SandboxRig.StartAsync();
        Session = await Rig.SessionAsync();
    }

    public async Task DisposeAsync() => await Rig.DisposeAsync();
}

/// <summary>
/// Suite 3, client side: malformed resource inputs and provider config. Each case must fail on the right property
/// with a one-line reason (or, for unknowns, pass) and cost zero requests to the sandbox.
/// </summary>
public sealed class HostileInputTests(BadInputFixture fixture, ITestOutputHelper output) : IClassFixture<BadInputFixture>
{
    private static readonly PropertyMap Valid = TokenInputs("valid-token", ["TASKS_VIEW_ALL"]);
    private static readonly PropertyValue Unknown = PropertyValue.Computed;

    private static PropertyValue Nested(int depth) =>
        depth == 0 ? PropertyValue.From("bottom") : PropertyValue.From(PropertyMap.Empty.Set("d", Nested(depth - 1)));

    private static PropertyValue Asset() => PropertyValue.Special(Values.Map(
        (Sentinels.SignatureKey, PassThroughSignatures.Asset), ("hash", "00"), ("text", "hello")));

    /// <summary>Bad resource inputs: (what is wrong, inputs, the property the failure must name).</summary>
    private static readonly Dictionary<string, (PropertyMap News, string Property)> BadInputs = new()
    {
        ["name too short (4 chars)"] = (Valid.Set("name", Values.Of("abcd")), "name"),
        ["name too long (31 chars)"] = (Valid.Set("name", Values.Of("a" + new string('b', 29) + "c")), "name"),
        ["name with a leading digit"] = (Valid.Set("name", Values.Of("1token-name")), "name"),
        ["name with a trailing hyphen"] = (Valid.Set("name", Values.Of("token-name-")), "name"),
        ["name with a trailing digit"] = (Valid.Set("name", Values.Of("token-name1")), "name"),
        ["name with a Cyrillic look-alike a"] = (Valid.Set("name", Values.Of("token-n\u0430me")), "name"),
        ["name with a space"] = (Valid.Set("name", Values.Of("token name")), "name"),
        ["name with a tab"] = (Valid.Set("name", Values.Of("token\tname")), "name"),
        ["name with a NUL control character"] = (Valid.Set("name", Values.Of("token\u0000name")), "name"),
        ["name with a trailing newline"] = (Valid.Set("name", Values.Of("token-name\n")), "name"),
        ["name with an underscore"] = (Valid.Set("name", Values.Of("token_name")), "name"),
        ["name of 10 kB"] = (Valid.Set("name", Values.Of(new string('x', 10_240))), "name"),
        ["empty name"] = (Valid.Set("name", Values.Of("")), "name"),
        ["name a number"] = (Valid.Set("name", Values.Of(42.0)), "name"),
        ["name a bool"] = (Valid.Set("name", Values.Of(true)), "name"),
        ["name a list"] = (Valid.Set("name", Values.Of(new[] { "token-name" })), "name"),
        ["name an asset"] = (Valid.Set("name", Asset()), "name"),
        ["empty permissions"] = (Valid.Set("permissions", Values.Of(Array.Empty<string>())), "permissions"),
        ["duplicate permissions"] = (Valid.Set("permissions", Values.Of(new[] { "TASKS_VIEW_ALL", "TASKS_VIEW_ALL" })), "permissions[1]"),
        ["lower-case permission"] = (Valid.Set("permissions", Values.Of(new[] { "tasks_view_all" })), "permissions[0]"),
        ["garbage permission"] = (Valid.Set("permissions", Values.Of(new[] { "TASKS_VIEW_ALL", "'; DROP TABLE tokens;--" })), "permissions[1]"),
        ["empty-string permission"] = (Valid.Set("permissions", Values.Of(new[] { "" })), "permissions[0]"),
        ["permissions a string"] = (Valid.Set("permissions", Values.Of("TASKS_VIEW_ALL")), "permissions"),
        ["permissions an object"] = (Valid.Set("permissions", Values.Of(new Dictionary<string, string> { ["a"] = "TASKS_VIEW_ALL" })), "permissions"),
        ["permissions null"] = (Valid.Set("permissions", PropertyValue.Null), "permissions"),
        ["permissions absent"] = (Valid.Remove("permissions"), "permissions"),
        ["a number inside permissions"] = (Valid.Set("permissions", Values.Of(new object[] { "TASKS_VIEW_ALL", 7.0 })), "permissions[1]"),
        ["a null inside permissions"] = (Valid.Set("permissions", Values.Of(new object?[] { null })), "permissions[0]"),
        ["comment an object"] = (Valid.Set("comment", Values.Of(new Dictionary<string, string> { ["x"] = "y" })), "comment"),
        ["comment a number"] = (Valid.Set("comment", Values.Of(1.5)), "comment"),
        ["comment nested 25 levels deep"] = (Valid.Set("comment", Nested(25)), "comment"),
        ["comment over 1000 characters"] = (Valid.Set("comment", Values.Of(new string('c', 1001))), "comment"),
        ["rotationTriggers an array"] = (Valid.Set("rotationTriggers", Values.Of(new[] { "2026-11" })), "rotationTriggers"),
        ["rotationTriggers a string"] = (Valid.Set("rotationTriggers", Values.Of("2026-11")), "rotationTriggers"),
        ["a number inside rotationTriggers"] = (Valid.Set("rotationTriggers", Values.Of(new Dictionary<string, object?> { ["month"] = 11.0 })), "rotationTriggers.month"),
        ["an object inside rotationTriggers"] = (Valid.Set("rotationTriggers", Values.Of(new Dictionary<string, object?> { ["deep"] = Nested(10) })), "rotationTriggers.deep"),
        ["an odd key inside rotationTriggers holding a list"] = (Valid.Set("rotationTriggers", Values.Of(new Dictionary<string, object?> { ["a.b c"] = new[] { "x" } })), "rotationTriggers[\"a.b c\"]"),
        ["unknown property name"] = (Valid.Set("nmae", Values.Of("typo")), "nmae"),
        ["unknown property name with dots"] = (Valid.Set("token.name", Values.Of("x")), "[\"token.name\"]"),
        ["an output property given as input"] = (Valid.Set("token", Values.Of("not-yours-to-set")), "token"),
    };

    /// <summary>Unknowns (preview) anywhere an input may hold them: Check must accept them, not fail.</summary>
    private static readonly Dictionary<string, PropertyMap> UnknownInputs = new()
    {
        ["unknown name"] = Valid.Set("name", Unknown),
        ["secret unknown name"] = Valid.Set("name", PropertyValue.Secret(Unknown)),
        ["unknown permissions"] = Valid.Set("permissions", Unknown),
        ["unknown inside permissions"] = Valid.Set("permissions", PropertyValue.From([Values.Of("TASKS_VIEW_ALL"), Unknown])),
        ["unknown comment"] = Valid.Set("comment", Unknown),
        ["unknown rotationTriggers"] = Valid.Set("rotationTriggers", Unknown),
        ["unknown inside rotationTriggers"] = Valid.Set("rotationTriggers", PropertyValue.From(PropertyMap.Empty.Set("month", Unknown))),
        ["everything unknown"] = Values.Map(("name", Unknown), ("permissions", Unknown), ("comment", Unknown), ("rotationTriggers", Unknown)),
    };

    /// <summary>Bad provider configuration for CheckConfig: (config, the key the failure must name).</summary>
    private static Dictionary<string, (PropertyMap Config, string Property)> BadConfigs(PropertyMap good)
    {
        var notPem = Path.Combine(AppContext.BaseDirectory, "xunit.runner.json");
        return new()
        {
            ["host with spaces"] = (good.Set("host", Values.Of("sandbox example.com")), "host"),
            ["host with a path traversal"] = (good.Set("host", Values.Of("https://127.0.0.1/../../etc/passwd")), "host"),
            ["host URL with credentials"] = (good.Set("host", Values.Of("https://admin:Leaky-Pa55@127.0.0.1:1")), "host"),
            ["host with an ftp scheme"] = (good.Set("host", Values.Of("ftp://127.0.0.1")), "host"),
            ["host with a query"] = (good.Set("host", Values.Of("https://127.0.0.1?x=1")), "host"),
            ["host with a control character"] = (good.Set("host", Values.Of("127.0.0.1\u0007")), "host"),
            ["host empty"] = (good.Set("host", Values.Of("")), "host"),
            ["host a number"] = (good.Set("host", Values.Of(443.0)), "host"),
            ["caCertificate that is not PEM"] = (good.Set("caCertificate", Values.Of("not a certificate")), "caCertificate"),
            ["caCertificate PEM block with garbage"] = (good.Set("caCertificate", Values.Of("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")), "caCertificate"),
            ["caCertificate of more than a mebibyte"] = (good.Set("caCertificate", Values.Of("-----BEGIN CERTIFICATE-----\n" + new string('A', 1 << 20) + "\n-----END CERTIFICATE-----")), "caCertificate"),
            ["caCertificate path to a non-PEM file"] = (good.Set("caCertificate", Values.Of(notPem)), "caCertificate"),
            ["caCertificate path traversal to nowhere"] = (good.Set("caCertificate", Values.Of("../../../../../../nonexistent/ca.pem")), "caCertificate"),
            ["authType unknown"] = (good.Set("authType", Values.Of("kerberos")), "authType"),
            ["authType a number"] = (good.Set("authType", Values.Of(1.0)), "authType"),
            ["insecureSkipVerify not a bool"] = (good.Set("insecureSkipVerify", Values.Of("maybe")), "insecureSkipVerify"),
            ["insecureSkipVerify a number"] = (good.Set("insecureSkipVerify", Values.Of(2.0)), "insecureSkipVerify"),
            ["insecureSkipVerify true with caCertificate set"] = (good.Set("insecureSkipVerify", Values.Of("true")), "insecureSkipVerify"),
            ["username empty"] = (good.Set("username", Values.Of("")), "username"),
            ["requestTimeout not a duration"] = (good.Set("requestTimeout", Values.Of("soon")), "requestTimeout"),
            ["requestTimeout zero"] = (good.Set("requestTimeout", Values.Of("0s")), "requestTimeout"),
            ["requestTimeout over an hour"] = (good.Set("requestTimeout", Values.Of("2h")), "requestTimeout"),
            ["requestTimeout negative"] = (good.Set("requestTimeout", Values.Of("-5")), "requestTimeout"),
            ["operationTimeout over a day"] = (good.Set("operationTimeout", Values.Of("25h")), "operationTimeout"),
            ["operationTimeout with a unit Go knows but not this key"] = (good.Set("operationTimeout", Values.Of("5us")), "operationTimeout"),
        };
    }

    public static TheoryData<string> BadInputCases() => new(BadInputs.Keys);
    public static TheoryData<string> UnknownInputCases() => new(UnknownInputs.Keys);
    public static TheoryData<string> BadConfigCases() => new(BadConfigs(PropertyMap.Empty).Keys);

    [Theory]
    [MemberData(nameof(BadInputCases))]
    public async Task Check_fails_on_the_right_property_without_calling_the_sandbox(string @case)
    {
        var (news, property) = BadInputs[@case];
        var before = await fixture.Rig.RequestCountAsync();

        var check = await fixture.Session.CheckAsync(ApiToken, "bad", PropertyMap.Empty, news);

        output.WriteLine($"{@case}: {string.Join(" | ", check.Failures.Select(f => $"{f.Property}: {f.Reason}"))}");
        check.Failures.Should().NotBeEmpty();
        check.Failures.Select(f => f.Property).Should().OnlyContain(p => p == property, "the failure names the offending property");
        foreach (var failure in check.Failures)
        {
            failure.Reason.Should().NotBeNullOrWhiteSpace();
            failure.Reason.Should().NotContainAny(["\n", "\r", "\u0000"], "the CLI prints the reason on one line");
            failure.Reason.Length.Should().BeLessThan(400, "a 10 kB value must not be echoed whole");
        }
        (await fixture.Rig.RequestCountAsync()).Should().Be(before, "Check never calls the sandbox");
    }

    [Theory]
    [InlineData("null")]
    [InlineData("absent")]
    public async Task A_null_or_absent_name_is_generated_without_calling_the_sandbox(string how)
    {
        var news = how == "null" ? Valid.Set("name", PropertyValue.Null) : Valid.Remove("name");
        var before = await fixture.Rig.RequestCountAsync();

        var check = await fixture.Session.CheckAsync(ApiToken, "bad", PropertyMap.Empty, news);

        check.Failures.Should().BeEmpty();
        PropertyMarshaller.ToPropertyMap(check.Inputs).Text("name").Should().MatchRegex("^bad-[a-z]{7}$");
        (await fixture.Rig.RequestCountAsync()).Should().Be(before, "Check never calls the sandbox");
    }

    [Theory]
    [MemberData(nameof(UnknownInputCases))]
    public async Task Check_accepts_unknowns_anywhere(string @case)
    {
        var before = await fixture.Rig.RequestCountAsync();

        var check = await fixture.Session.CheckAsync(ApiToken, "preview", PropertyMap.Empty, UnknownInputs[@case]);

        check.Failures.Should().BeEmpty("a value known only after apply cannot be judged in preview");
        PropertyMarshaller.ToPropertyMap(check.Inputs).Should().BeEquivalentTo(UnknownInputs[@case], "inputs come back as given, unknowns included");
        (await fixture.Rig.RequestCountAsync()).Should().Be(before);
    }

    [Theory]
    [MemberData(nameof(BadConfigCases))]
    public async Task CheckConfig_fails_on_the_right_key_without_calling_the_sandbox(string @case)
    {
        var (config, property) = BadConfigs(fixture.Rig.Config())[@case];
        var before = await fixture.Rig.RequestCountAsync();

        var check = await fixture.Session.CheckConfigAsync(config);

        output.WriteLine($"{@case}: {string.Join(" | ", check.Failures.Select(f => $"{f.Property}: {f.Reason}"))}");
        check.Failures.Should().NotBeEmpty();
        check.Failures.Select(f => f.Property).Should().OnlyContain(p => p == property);
        foreach (var failure in check.Failures)
        {
            failure.Reason.Should().NotContainAny("\n", "\r");
            failure.Reason.Should().NotContain("Leaky-Pa55", "credentials in a URL are never echoed");
            failure.Reason.Should().NotContain(Password);
        }
        (await fixture.Rig.RequestCountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task Configure_refuses_insecureSkipVerify_together_with_caCertificate_in_one_line()
    {
        var config = fixture.Rig.Config().Set("insecureSkipVerify", Values.Of("true"));

        var check = await fixture.Session.CheckConfigAsync(config);
        var configure = () => fixture.Session.ConfigureFromStateAsync(config);
        var error = (await configure.Should().ThrowAsync<RpcException>()).Which;

        const string reason = "must not be true when caCertificate is set: caCertificate verifies the sandbox against that CA, insecureSkipVerify skips verification; unset one of them";
        check.Failures.Select(f => (f.Property, f.Reason)).Should().Equal([("insecureSkipVerify", reason)]);
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().Be("invalid ptsandbox configuration: insecureSkipVerify " + reason);
    }

    /// <summary>caCertificate paths that name no small regular file: (what it is, the reason after the quoted path).</summary>
    public static TheoryData<string> UnreadableCaCertificateCases() => new(["FIFO", "/dev/zero", "directory", "2 MiB file"]);

    [Theory]
    [MemberData(nameof(UnreadableCaCertificateCases))]
    public async Task CheckConfig_and_Configure_refuse_a_caCertificate_path_that_is_no_small_regular_file_without_blocking(string @case)
    {
        var directory = Directory.CreateTempSubdirectory("ptsandbox-hostile-ca-").FullName;
        try
        {
            var (path, reason) = await UnreadableCaCertificateAsync(@case, directory);
            var config = fixture.Rig.Config().Set("caCertificate", PropertyValue.From(path));
            var before = await fixture.Rig.RequestCountAsync();

            // A provider that opened the FIFO would wait for a writer forever: the test gives it 10 s.
            var check = await fixture.Session.CheckConfigAsync(config).WaitAsync(TimeSpan.FromSeconds(10));
            var configure = () => fixture.Session.ConfigureFromStateAsync(config).WaitAsync(TimeSpan.FromSeconds(10));
            var error = (await configure.Should().ThrowAsync<RpcException>()).Which;

            output.WriteLine($"{@case}: {string.Join(" | ", check.Failures.Select(f => $"{f.Property}: {f.Reason}"))} / {error.Status.Detail}");
            check.Failures.Select(f => (f.Property, f.Reason)).Should().Equal([("caCertificate", $"\"{path}\" {reason}")]);
            error.StatusCode.Should().Be(StatusCode.InvalidArgument);
            error.Status.Detail.Should().Be($"invalid ptsandbox configuration: caCertificate \"{path}\" {reason}");
            (await fixture.Rig.RequestCountAsync()).Should().Be(before);
            (await SandboxRig.AnswersAsync(fixture.Rig.Processes[0])).Should().BeTrue();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(string Path, string Reason)> UnreadableCaCertificateAsync(string @case, string directory)
    {
        switch (@case)
        {
            case "FIFO":
                var fifo = Path.Combine(directory, "ca.pem");
                using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
                    await mkfifo.WaitForExitAsync();
                return (fifo, "is not a regular file (it is a FIFO)");
            case "/dev/zero":
                return ("/dev/zero", "is not a regular file (it is a character device)");
            case "directory":
                return (directory, "is not a regular file (it is a directory)");
            case "2 MiB file":
                var large = Path.Combine(directory, "bundle.pem");
                await File.WriteAllBytesAsync(large, new byte[2 * 1024 * 1024]);
                return (large, "is larger than 1 MiB");
            default:
                throw new ArgumentOutOfRangeException(nameof(@case), @case, null);
        }
    }

    [Fact]
    public async Task CheckConfig_and_Configure_accept_a_caCertificate_path_that_is_a_symlink_to_the_pem_file()
    {
        var link = Path.Combine(Path.GetTempPath(), $"ptsandbox-ca-link-{Guid.NewGuid():N}.pem");
        File.CreateSymbolicLink(link, fixture.Rig.CaPath);
        try
        {
            var config = fixture.Rig.Config().Set("caCertificate", PropertyValue.From(link));

            (await fixture.Session.CheckConfigAsync(config)).Failures.Should().BeEmpty();
            await fixture.Session.ConfigureFromStateAsync(config);
        }
        finally
        {
            File.Delete(link);
        }
    }

    [Fact]
    public async Task Inputs_nested_past_the_protobuf_limit_are_refused_without_a_crash()
    {
        var before = await fixture.Rig.RequestCountAsync();
        var news = Valid.Set("comment", Nested(200));

        var act = () => fixture.Session.CheckAsync(ApiToken, "deep", PropertyMap.Empty, news);

        // Either the provider's gRPC layer refuses the message, or Check names the property: never a crash.
        try
        {
            var check = await act();
            check.Failures.Select(f => f.Property).Should().Contain("comment");
        }
        catch (RpcException error)
        {
            output.WriteLine($"deep nesting refused: {error.StatusCode}: {error.Status.Detail}");
            error.StatusCode.Should().Be(StatusCode.InvalidArgument, "a request protobuf refuses is the caller's error, not a possible state corruption");
            error.Status.Detail.Should().Contain("Check: the request cannot be decoded");
        }
        (await SandboxRig.AnswersAsync(fixture.Rig.Processes[0])).Should().BeTrue();
        (await fixture.Rig.RequestCountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task Check_of_an_unknown_resource_type_is_a_clear_error()
    {
        var act = () => fixture.Session.CheckAsync("ptsandbox:index:Nope", "x", PropertyMap.Empty, Valid);
        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().Contain("ptsandbox:index:Nope").And.Contain(ApiToken);
    }
}

/// <summary>Values the user marked secret must not come back in plain text in Check failures or warnings.</summary>
public sealed class SecretInputEchoTests(BadInputFixture fixture, ITestOutputHelper output) : IClassFixture<BadInputFixture>
{
    private const string SecretName = "1-Sup3rSecretName";
    private const string SecretPermission = "SECRET_PERMISSION_X";

    [Fact]
    public async Task Check_failures_and_warnings_never_quote_secret_inputs()
    {
        var news = TokenInputs("valid-token")
            .Set("name", PropertyValue.Secret(PropertyValue.From(SecretName)))
            .Set("permissions", PropertyValue.Secret(PropertyValue.FromStrings([SecretPermission, "TASKS_VIEW_ALL"])));

        var check = await fixture.Session.CheckAsync(ApiToken, "secretive", PropertyMap.Empty, news);
        for (var i = 0; i < 100 && !fixture.Rig.Engine.Logs.Any(l => l.Message.Contains("not one this provider knows")); i++) await Task.Delay(20);

        foreach (var failure in check.Failures) output.WriteLine($"{failure.Property}: {failure.Reason}");
        check.Failures.Select(f => f.Property).Should().Equal("name");
        PropertyMarshaller.ToPropertyMap(check.Inputs)["name"].IsSecret.Should().BeTrue("Check keeps the secret wrapper on inputs");
        var echoes = check.Failures.Select(f => f.Reason).Concat(fixture.Rig.Engine.Logs.Select(l => l.Message))
            .Where(text => text.Contains(SecretName) || text.Contains(SecretPermission)).ToList();
        foreach (var echo in echoes) output.WriteLine("ECHO: " + echo);

        echoes.Should().BeEmpty("a value the user marked secret is shown as [secret], never in plain text");
    }
}
