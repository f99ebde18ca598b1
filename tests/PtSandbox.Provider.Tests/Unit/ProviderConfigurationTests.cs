using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using ProviderHost.Resources;
using ProviderHost.Values;
using PtSandbox.Harness;
using PtSandbox.Provider.Configuration;
using SecretText;

namespace PtSandbox.Provider.Tests.Unit;

/// <summary>
/// Provider configuration through the surface the engine drives (CheckConfig, DiffConfig, Configure), in process and
/// with a fake environment: which hosts are one sandbox, what replaces, what is recorded from the environment, and how
/// a malformed value is reported. Only observable behaviour: config internals may be rebuilt freely under these tests.
/// </summary>
public sealed class ProviderConfigurationTests
{
    private readonly Dictionary<string, string> _environment = [];
    private readonly SandboxConnection _connection = new(NullLoggerFactory.Instance, TimeProvider.System, new SecretRedactor());

    private IProviderConfiguration Configuration => new ProviderConfiguration(_connection, name => _environment.GetValueOrDefault(name), NullLogger.Instance);

    private static PropertyMap Config(string host = "sandbox.example", params (string Key, object? Value)[] more) =>
        Values.Map([("host", host), ("username", "admin"), ("password", "s3cret-pass"), .. more]);

    /// <summary>What the engine records for a stack configuration: CheckConfig's answer, which must have no failure.</summary>
    private PropertyMap Checked(PropertyMap config)
    {
        var check = Configuration.CheckConfig(PropertyMap.Empty, config);
        check.Failures.Should().BeEmpty();
        return check.Inputs;
    }

    /// <summary>DiffConfig as the engine calls it: the recorded config against the newly checked one.</summary>
    private DiffResult Diff(PropertyMap before, PropertyMap after)
    {
        var olds = Checked(before);
        return Configuration.DiffConfig(olds, olds, Checked(after));
    }

    [Theory]
    [InlineData("sandbox.example", "https://sandbox.example:443/")]
    [InlineData("https://Sandbox.Example", "SANDBOX.EXAMPLE")]
    [InlineData("sandbox.example.", "sandbox.example")]
    [InlineData("sandbox.example:8443", "https://SANDBOX.example.:8443")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("https://BÜCHER.example", "https://xn--bcher-kva.example:443/")]
    [InlineData("http://sandbox.example:80", "http://sandbox.example/")]
    public void One_sandbox_written_two_ways_is_no_change(string before, string after) =>
        Diff(Config(before), Config(after)).Changes.Should().Be(DiffChanges.None);

    [Theory]
    [InlineData("sandbox.example", "other.example")]
    [InlineData("sandbox.example", "sandbox.example:8443")]
    [InlineData("sandbox.example", "http://sandbox.example")]
    [InlineData("bücher.example", "bucher.example")]
    public void Another_sandbox_replaces_every_token(string before, string after)
    {
        var diff = Diff(Config(before), Config(after));

        diff.Changes.Should().Be(DiffChanges.Some);
        diff.Diffs.Should().Equal("host");
        diff.Replaces.Should().Equal("host");
        diff.DetailedDiff!["host"].Kind.Should().Be(PropertyDiffKind.UpdateReplace);
    }

    [Fact]
    public void A_host_recorded_for_the_first_time_is_an_addition_not_a_replacement()
    {
        // A state written before hosts from the environment were recorded: nothing tells which sandbox it named.
        var olds = Checked(Config()).Remove("host");

        var diff = Configuration.DiffConfig(olds, olds, Checked(Config()));

        diff.Replaces.Should().BeEmpty();
        diff.DetailedDiff!["host"].Kind.Should().Be(PropertyDiffKind.Add);
    }

    [Fact]
    public void A_new_username_or_password_or_timeout_updates_in_place()
    {
        var diff = Diff(Config(more: ("operationTimeout", "5m")), Config(more: ("operationTimeout", "10m"))
            .Set("username", PropertyValue.From("ci-bot"))
            .Set("password", PropertyValue.From("another-pass")));

        diff.Changes.Should().Be(DiffChanges.Some);
        diff.Diffs.Should().BeEquivalentTo(["username", "password", "operationTimeout"]);
        diff.Replaces.Should().BeEmpty("these change how the provider logs in and waits, not where the tokens live");
        diff.DetailedDiff!.Values.Should().OnlyContain(d => d.Kind == PropertyDiffKind.Update);
    }

    [Fact]
    public void Host_and_username_moved_to_the_environment_are_recorded_and_change_nothing()
    {
        var inConfig = Checked(Config());
        _environment["PTSANDBOX_HOST"] = "https://SANDBOX.example:443";
        _environment["PTSANDBOX_USERNAME"] = "admin";

        var fromEnvironment = Checked(Values.Map(("password", "s3cret-pass")));

        fromEnvironment.Text("host").Should().Be("https://SANDBOX.example:443", "the sandbox the tokens live on is recorded");
        fromEnvironment.Text("username").Should().Be("admin");
        Configuration.DiffConfig(inConfig, inConfig, fromEnvironment).Changes.Should().Be(DiffChanges.None);
    }

    [Fact]
    public void A_password_from_the_environment_is_never_recorded()
    {
        _environment["PTSANDBOX_PASSWORD"] = "env-only-pass";

        var check = Configuration.CheckConfig(PropertyMap.Empty, Values.Map(("host", "sandbox.example"), ("username", "admin")));

        check.Failures.Should().BeEmpty("the environment supplies the password");
        check.Inputs.ContainsKey("password").Should().BeFalse();
        check.Inputs.ToString().Should().NotContain("env-only-pass");
        var olds = Checked(Config());
        Configuration.DiffConfig(olds, olds, check.Inputs).Replaces.Should().BeEmpty("a password moved to the environment logs in to the same sandbox");
    }

    [Theory]
    [InlineData("requestTimeout", "fast")]
    [InlineData("requestTimeout", "0s")]
    [InlineData("requestTimeout", "2h")]
    [InlineData("requestTimeout", "-5")]
    [InlineData("operationTimeout", "1m30")]
    [InlineData("operationTimeout", "25h")]
    [InlineData("operationTimeout", "5 m")]
    [InlineData("operationTimeout", "\uFF15m")]
    [InlineData("requestTimeout", "\u0663\u0660s")]
    [InlineData("insecureSkipVerify", "maybe")]
    [InlineData("insecureSkipVerify", "yes")]
    public async Task A_malformed_duration_or_boolean_fails_on_its_key_in_one_line(string key, string value)
    {
        var check = Configuration.CheckConfig(PropertyMap.Empty, Config(more: (key, value)));

        var failure = check.Failures.Should().ContainSingle().Which;
        failure.Property.Should().Be(key);
        failure.Reason.Should().NotBeNullOrWhiteSpace().And.NotContainAny("\n", "\r").And.Contain(value.Trim());

        var configure = () => Configuration.ConfigureAsync(Config(more: (key, value)), CancellationToken.None);
        var error = (await configure.Should().ThrowAsync<ProviderException>()).Which;
        error.Kind.Should().Be(ProviderErrorKind.InvalidInput);
        error.Message.Should().StartWith($"invalid ptsandbox configuration: {key} ").And.NotContainAny("\n", "\r");
    }

    [Theory]
    [InlineData("requestTimeout", "PTSANDBOX_REQUEST_TIMEOUT", "soon")]
    [InlineData("operationTimeout", "PTSANDBOX_OPERATION_TIMEOUT", "0")]
    [InlineData("insecureSkipVerify", "PTSANDBOX_INSECURE", "perhaps")]
    public void A_malformed_value_from_the_environment_fails_on_the_key_it_stands_in_for(string key, string variable, string value)
    {
        _environment[variable] = value;

        var failure = Configuration.CheckConfig(PropertyMap.Empty, Config()).Failures.Should().ContainSingle().Which;

        failure.Property.Should().Be(key);
        failure.Reason.Should().Contain(value).And.NotContainAny("\n", "\r");
    }

    [Theory]
    [InlineData("requestTimeout", "90s", "1m30s")]
    [InlineData("requestTimeout", "60", "1m")]
    [InlineData("operationTimeout", "1h", "60m")]
    [InlineData("operationTimeout", "5m", null)]
    [InlineData("requestTimeout", "30s", null)]
    [InlineData("insecureSkipVerify", "TRUE", "1")]
    [InlineData("insecureSkipVerify", "false", null)]
    [InlineData("authType", "LDAP", "ldap")]
    [InlineData("authType", "local", null)]
    public void Equal_settings_written_differently_or_left_at_their_default_are_no_change(string key, string before, string? after)
    {
        var old = Config(more: (key, before));
        var @new = after is null ? Config() : Config(more: (key, after));

        Diff(old, @new).Changes.Should().Be(DiffChanges.None);
    }

    [Theory]
    [InlineData("1m30s", 90)]
    [InlineData("45", 45)]
    [InlineData("2h", 7200)]
    public async Task Configure_applies_the_operation_timeout_it_was_given(string value, int seconds)
    {
        await Configuration.ConfigureAsync(Config(more: ("operationTimeout", value)), CancellationToken.None);

        _connection.OperationTimeout.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Fact]
    public async Task Configure_takes_what_config_lacks_from_the_environment_and_config_wins_over_it()
    {
        _environment["PTSANDBOX_HOST"] = "env-sandbox.example:8443";
        _environment["PTSANDBOX_USERNAME"] = "env-user";
        _environment["PTSANDBOX_PASSWORD"] = "env-pass";
        _environment["PTSANDBOX_OPERATION_TIMEOUT"] = "2m";

        await Configuration.ConfigureAsync(Values.Map(("username", "config-user")), CancellationToken.None);

        _connection.Client.Host.Should().Be("env-sandbox.example:8443");
        _connection.Username.Should().Be("config-user");
        _connection.OperationTimeout.Should().Be(TimeSpan.FromMinutes(2));
    }
}
