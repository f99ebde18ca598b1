// ProviderHost.Testing is referenced under an alias: it has a public copy of the protocol's types (Pulumirpc), and
// this project also sees the host's internal copy. A file that speaks gRPC imports the test side's copy itself
// (`extern alias testing; using testing::Pulumirpc;`); resource code sees none.
extern alias testing;

global using testing::ProviderHost.Testing;
