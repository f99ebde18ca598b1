extern alias testing;

using Grpc.Core;
using Microsoft.Extensions.Logging;
using ProviderHost.Resources;
using ProviderHost.Tests.TestResources;
using ProviderHost.Values;
using testing::Pulumirpc;
using static ProviderHost.Values.PropertyMarshaller;
using Empty = Google.Protobuf.WellKnownTypes.Empty;

namespace ProviderHost.Tests.Host;

/// <summary>
/// What a failing resource turns into on the wire, and what its log lines look like at the engine: one line each,
/// no secret text, the status the engine acts on.
/// </summary>
public class ErrorTests : HostTest
{
    private const string Password = "s3cr3t-pa55word";

    private static readonly PropertyMap WithPassword = Props.Map(("name", "x"), ("password", Props.Secret(Password)));

    private async Task<RpcException> CheckFailsAsync(Func<CheckArgs, Exception> failure)
    {
        Test.Probe.Check = (_, args, _) => throw failure(args);
        await Test.ConfiguredSessionAsync();
        var act = async () => await Client.CheckAsync(Check("x", WithPassword));
        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        (await Client.GetPluginInfoAsync(new Empty())).Version.Should().NotBeEmpty("the provider keeps serving");
        return error;
    }

    [Fact]
    public async Task A_ProviderException_answers_its_status_and_its_message_on_one_line()
    {
        var error = await CheckFailsAsync(_ => new ProviderException("the widget\r\nis broken"));

        error.Status.Should().Be(new Status(StatusCode.FailedPrecondition, "the widget is broken"));
    }

    [Fact]
    public async Task A_ProviderException_becomes_the_status_of_its_kind()
    {
        var error = await CheckFailsAsync(_ => new ProviderException("no such widget", ProviderErrorKind.AlreadyExists));

        error.Status.Should().Be(new Status(StatusCode.AlreadyExists, "no such widget"));
    }

    [Fact]
    public async Task An_unexpected_exception_is_an_internal_error_that_shows_no_secret()
    {
        var error = await CheckFailsAsync(args => new InvalidOperationException($"could not use {args.News["password"].Unsecret().StringValue}"));

        error.StatusCode.Should().Be(StatusCode.Unknown);
        error.Status.Detail.Should().StartWith("internal error").And.NotContain(Password);
    }

    [Fact]
    public async Task A_secret_the_provider_learned_is_masked_in_its_errors()
    {
        var error = await CheckFailsAsync(_ =>
        {
            Test.Secrets.Add("learned-credential-42");
            return new ProviderException("logging in with learned-credential-42 failed");
        });

        error.StatusCode.Should().Be(StatusCode.FailedPrecondition);
        error.Status.Detail.Should().StartWith("logging in with ").And.NotContain("learned-credential-42");
    }

    [Fact]
    public async Task A_partial_create_answers_ErrorResourceInitFailed_with_the_id_and_the_outputs_secrets_wrapped()
    {
        Test.Probe.Create = (_, args, _) => throw new ResourceInitFailedException("7", args.Properties, args.Properties, ["made, but not tagged"]);
        await Test.ConfiguredSessionAsync();

        var act = async () => await Client.CreateAsync(Create("x", WithPassword));

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.Unknown);
        var detail = Google.Rpc.Status.Parser.ParseFrom(error.Trailers.GetValueBytes("grpc-status-details-bin")).Details.Should().ContainSingle().Subject;
        var failed = detail.Unpack<ErrorResourceInitFailed>();
        failed.Id.Should().Be("7");
        failed.Reasons.Should().Equal("made, but not tagged");
        ToPropertyMap(failed.Properties).Equals(WithPassword).Should().BeTrue();
        failed.Properties.Fields["password"].StructValue.Fields[Sentinels.SignatureKey].StringValue.Should().Be(Sentinels.SecretSignature);
    }

    [Fact]
    public async Task Configure_without_required_keys_answers_ConfigureErrorMissingKeys()
    {
        Test.Configuration.Configure = (_, _) => throw new MissingConfigurationException(
            [new MissingConfigurationException.Key("test:region", "Where the widgets live (TEST_REGION).")]);

        var act = () => Test.Session().ConfigureFromStateAsync(PropertyMap.Empty);

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.Status.Should().Be(new Status(StatusCode.InvalidArgument, "missing required configuration: test:region"));
        var missing = Google.Rpc.Status.Parser.ParseFrom(error.Trailers.GetValueBytes("grpc-status-details-bin")).Details.Single()
            .Unpack<ConfigureErrorMissingKeys>();
        missing.MissingKeys.Select(k => (k.Name, k.Description)).Should().Equal(("test:region", "Where the widgets live (TEST_REGION)."));
    }

    [Fact]
    public async Task A_resource_log_line_reaches_the_engine_tied_to_its_URN_with_secrets_masked()
    {
        Test.Probe.Check = (context, args, _) =>
        {
            context.Logger.LogWarning("checking with {Password}\nsecond line", args.News["password"].Unsecret().StringValue);
            return Task.FromResult(CheckResult.Valid(args.News));
        };
        await Test.ConfiguredSessionAsync();

        await Client.CheckAsync(Check("logged", WithPassword));

        var line = await Test.Provider.Engine.WaitForLogAsync(l => l.Message.StartsWith("checking with", StringComparison.Ordinal)).WaitAsync(HangGuard);
        line.Severity.Should().Be(LogSeverity.Warning);
        line.Urn.Should().Be(Urn(Probe.Type, "logged"));
        line.Message.Should().NotContain(Password).And.NotContain("\n").And.EndWith("second line");
    }
}
