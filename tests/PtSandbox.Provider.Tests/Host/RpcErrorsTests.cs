using Grpc.Core;
using ProviderHost.Resources;
using ProviderHost.Rpc;
using ProviderHost.Values;
using PtSandbox.Harness;
using Pulumirpc;

namespace PtSandbox.Provider.Tests.Host;

public class RpcErrorsTests
{
    private static Google.Rpc.Status Details(RpcException error) =>
        Google.Rpc.Status.Parser.ParseFrom(error.Trailers.GetValueBytes("grpc-status-details-bin"));

    [Fact]
    public void A_partial_failure_carries_ErrorResourceInitFailed_with_id_outputs_and_reasons()
    {
        var outputs = Values.Map(("name", "ci-token"), ("token", Values.Secret("s3cr3t")));
        var error = RpcErrors.From(new ResourceInitFailedException("42", outputs, Values.Map(("name", "ci-token")), ["first\nline", "second"]), cancelledByEngine: false);

        error.StatusCode.Should().Be(StatusCode.Unknown);
        var detail = Details(error).Details.Should().ContainSingle().Subject;
        detail.TypeUrl.Should().Be("type.googleapis.com/pulumirpc.ErrorResourceInitFailed");
        var failed = detail.Unpack<ErrorResourceInitFailed>();
        failed.Id.Should().Be("42");
        failed.Reasons.Should().Equal("first line", "second");
        PropertyMarshaller.ToPropertyMap(failed.Properties)["token"].IsSecret.Should().BeTrue("secrets stay wrapped in error details too");
        error.Status.Detail.Should().NotContain("\n");
    }

    [Fact]
    public void Errors_are_one_line_and_keep_their_status()
    {
        RpcErrors.From(new ProviderException("bad\r\nthing", StatusCode.InvalidArgument), false)
            .Status.Should().Be(new Status(StatusCode.InvalidArgument, "bad thing"));
        RpcErrors.From(new OperationCanceledException(), cancelledByEngine: true).StatusCode.Should().Be(StatusCode.Cancelled);
        RpcErrors.From(new InvalidOperationException("boom"), false).Status.Detail.Should().Be("internal error (InvalidOperationException): boom");
    }
}
