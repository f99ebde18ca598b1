// ProviderHost.Testing is referenced under an alias: its Pulumirpc types are the test side's, and this project also
// sees the host's internal ones. Test code uses the test side's only, so no file writes `using Pulumirpc;`.
extern alias testing;

global using testing::ProviderHost.Testing;
global using testing::Pulumirpc;
