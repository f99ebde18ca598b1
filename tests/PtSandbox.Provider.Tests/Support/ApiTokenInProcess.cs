using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ProviderHost.Resources;
using ProviderHost.Values;
using PtSandbox.Client;
using PtSandbox.Provider.ApiTokens;
using PtSandbox.Provider.Configuration;
using SecretText;

namespace PtSandbox.Provider.Tests.Support;

/// <summary>
/// The ApiToken resource in process, configured against a <see cref="FakeTokenApi"/> and a fake clock, driven through
/// the host's interface: what its create, read and delete decide from what the sandbox says, without HTTP.
/// </summary>
internal sealed class ApiTokenInProcess
{
    public const string Urn = "urn:pulumi:dev::test::ptsandbox:index:ApiToken::t";

    public ApiTokenInProcess()
    {
        Connection = new SandboxConnection(NullLoggerFactory.Instance, Time, new SecretRedactor(), _ => Sandbox);
        Connection.Configure(new SandboxSettings(new Uri("https://sandbox.example"), Sandbox.Username, "pw", SandboxAuthType.Local,
            null, false, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5)));
        Resource = new ApiToken(Connection);
        Context = new ResourceContext(Urn, "t", Resource.TypeToken, NullLogger.Instance);
    }

    public FakeTokenApi Sandbox { get; } = new();
    public FakeTimeProvider Time { get; } = new();
    public SandboxConnection Connection { get; }
    public ICustomResource Resource { get; }
    public ResourceContext Context { get; }

    public Task<CreateResult> CreateAsync(PropertyMap inputs, bool preview = false) =>
        Resource.CreateAsync(Context, new CreateArgs(inputs, preview), CancellationToken.None);

    public Task<ReadResult> ReadAsync(string id, PropertyMap outputs, PropertyMap inputs) =>
        Resource.ReadAsync(Context, new ReadArgs(id, outputs, inputs), CancellationToken.None);

    public Task DeleteAsync(string id, PropertyMap outputs, PropertyMap inputs) =>
        Resource.DeleteAsync(Context, new DeleteArgs(id, outputs, inputs), CancellationToken.None);

    public DiffResult Diff(PropertyMap olds, PropertyMap news) =>
        Resource.DiffAsync(Context, new DiffArgs("1", olds, olds, news, []), CancellationToken.None).GetAwaiter().GetResult();
}
