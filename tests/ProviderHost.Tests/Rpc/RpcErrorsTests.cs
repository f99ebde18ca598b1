extern alias testing;

using Grpc.Core;
using ProviderHost.Resources;
using ProviderHost.Rpc;
using ProviderHost.Values;
using SecretText;
using testing::Pulumirpc;

namespace ProviderHost.Tests.Rpc;

public class RpcErrorsTests
{
    private static Google.Rpc.Status Details(RpcException error) =>
        Google.Rpc.Status.Parser.ParseFrom(error.Trailers.GetValueBytes("grpc-status-details-bin"));

    [Fact]
    public void A_partial_failure_carries_ErrorResourceInitFailed_with_id_outputs_and_reasons()
    {
        var outputs = Props.Map(("name", "ci-token"), ("token", Props.Secret("s3cr3t")));
        var error = RpcErrors.From(new ResourceInitFailedException("42", outputs, Props.Map(("name", "ci-token")), ["first\nline", "second"]), cancelledByEngine: false, new SecretRedactor());

        error.StatusCode.Should().Be(StatusCode.Unknown);
        var detail = Details(error).Details.Should().ContainSingle().Subject;
        detail.TypeUrl.Should().Be("type.googleapis.com/pulumirpc.ErrorResourceInitFailed");
        var failed = detail.Unpack<ErrorResourceInitFailed>();
        failed.Id.Should().Be("42");
        failed.Reasons.Should().Equal("first line", "second");
        PropertyMarshaller.ToPropertyMap(failed.Properties)["token"].IsSecret.Should().BeTrue("secrets stay wrapped in error details too");
        error.Status.Detail.Should().NotContain("\n");
        failed.RefreshBeforeUpdate.Should().BeFalse();

        var refreshing = RpcErrors.From(new ResourceInitFailedException("42", outputs, outputs, ["r"]) { RefreshBeforeUpdate = true }, false, new SecretRedactor());
        Details(refreshing).Details.Single().Unpack<ErrorResourceInitFailed>().RefreshBeforeUpdate.Should().BeTrue();
    }

    [Fact]
    public void Errors_are_one_line_and_keep_their_status()
    {
        var secrets = new SecretRedactor();
        RpcErrors.From(new ProviderException("bad\r\nthing", ProviderErrorKind.InvalidInput), false, secrets)
            .Status.Should().Be(new Status(StatusCode.InvalidArgument, "bad thing"));
        RpcErrors.From(new OperationCanceledException(), cancelledByEngine: true, secrets).StatusCode.Should().Be(StatusCode.Cancelled);
        RpcErrors.From(new InvalidOperationException("boom"), false, secrets).Status.Detail.Should().Be("internal error (InvalidOperationException): boom");
    }

    [Fact]
    public void Every_text_leaves_with_secrets_masked_and_control_characters_removed()
    {
        var secrets = new SecretRedactor();
        secrets.Add("s3cr3t-name");
        var outputs = Props.Map(("name", Props.Secret("s3cr3t-name")));

        var plain = RpcErrors.From(new ProviderException("'\u001b[31mid\u0007' is not an id for s3cr3t-name"), false, secrets);
        var partial = RpcErrors.From(new ResourceInitFailedException("42", outputs, outputs, ["made s3cr3t-name\u001b[0m"]), false, secrets);

        plain.Status.Detail.Should().Be("'id' is not an id for ***");
        partial.Status.Detail.Should().Be("made ***");
        Details(partial).Details.Single().Unpack<ErrorResourceInitFailed>().Reasons.Should().Equal("made ***");
    }
}
