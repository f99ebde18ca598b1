// pulumi-resource-ptsandbox: the Pulumi resource plugin for PT Sandbox Public API tokens.
// Launched by the engine as `pulumi-resource-ptsandbox [--logtostderr] [-v=N] [--tracing URL] ENGINE_ADDRESS`.
using ProviderHost.Hosting;
using PtSandbox.Provider;

return await ProviderServer.RunAsync(args, PtSandboxProvider.Define);
