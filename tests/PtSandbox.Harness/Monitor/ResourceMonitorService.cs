using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Pulumirpc;

namespace PtSandbox.Harness.Monitor;

/// <summary>
/// The engine's <c>pulumirpc.ResourceMonitor</c> as a language SDK sees it (source_eval.go resmon): each call is
/// handed to the run's <see cref="Deployment"/>. SupportsFeature answers yes for the features whose wire format the
/// monitor reads and writes (secrets, resource references) and no for the rest, so the SDK does those itself or
/// does without.
/// </summary>
internal sealed class ResourceMonitorService(Deployment deployment) : ResourceMonitor.ResourceMonitorBase
{
    public static readonly IReadOnlySet<string> Features = new HashSet<string> { "secrets", "resourceReferences" };

    public override Task<SupportsFeatureResponse> SupportsFeature(SupportsFeatureRequest request, ServerCallContext context) =>
        Task.FromResult(new SupportsFeatureResponse { HasSupport = Features.Contains(request.Id) });

    public override Task<RegisterResourceResponse> RegisterResource(RegisterResourceRequest request, ServerCallContext context) =>
        deployment.RegisterAsync(request);

    public override Task<ReadResourceResponse> ReadResource(ReadResourceRequest request, ServerCallContext context) =>
        deployment.ReadAsync(request);

    public override Task<ResourceInvokeResponse> Invoke(ResourceInvokeRequest request, ServerCallContext context) =>
        deployment.InvokeAsync(request);

    public override async Task<Empty> RegisterResourceOutputs(RegisterResourceOutputsRequest request, ServerCallContext context)
    {
        await deployment.RegisterOutputsAsync(request);
        return new Empty();
    }
}
