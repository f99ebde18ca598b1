using System.Security.Cryptography;
using System.Text;
using PtSandbox.Emulator;

namespace PtSandbox.Client.Tests.Emulated;

/// <summary>An in-process emulator (real HTTP, real TLS) and clients pointed at it.</summary>
internal sealed class Sandbox : IAsyncDisposable
{
    public const string Username = "admin";
    public const string Password = "Adm1n-Pa55w0rd-Xq";
    public const string Tokens = "/api/ui/public-api/tokens";
    public const string TokenTemplate = Tokens + "/{id}";
    public const string ListRoute = "GET " + Tokens;
    public const string CreateRoute = "POST " + Tokens;
    public const string DeleteRoute = "DELETE " + TokenTemplate;
    public const string LoginRoute = "POST /ui/login";

    private readonly List<SandboxClient> clients = [];

    private Sandbox(EmulatorServer server) => Server = server;

    public EmulatorServer Server { get; }

    public EmulatorControl Control => Server.Control;

    public RecordingLogger Logger { get; } = new();

    public string Host => Server.BaseUrl.Authority;

    public static async Task<Sandbox> StartAsync(EmulatorOptions? options = null) =>
        new(await EmulatorServer.StartAsync((options ?? new EmulatorOptions()) with { Username = Username, Password = Password }));

    /// <summary>A client trusting the emulator's certificate, with short delays so retries stay fast.</summary>
    public SandboxClient Client(
        int maxRetries = 4,
        TimeSpan? requestTimeout = null,
        TimeSpan? bearerRefreshAfter = null,
        string password = Password,
        string? caCertificatePem = "",
        bool insecureSkipVerify = false,
        long maxResponseBytes = SandboxClientOptions.DefaultMaxResponseBytes,
        Uri? baseUrl = null,
        TimeSpan? maxRetryAfter = null)
    {
        var client = new SandboxClient(
            new SandboxClientOptions
            {
                BaseUrl = baseUrl ?? Server.BaseUrl,
                Username = Username,
                Password = password,
                // "" = the emulator's own certificate; null = the system store.
                CaCertificatePem = caCertificatePem == "" ? Server.CertificatePem : caCertificatePem,
                InsecureSkipVerify = insecureSkipVerify,
                MaxRetries = maxRetries,
                RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(10),
                BearerRefreshAfter = bearerRefreshAfter ?? TimeSpan.FromMinutes(7),
                RetryBaseDelay = TimeSpan.FromMilliseconds(20),
                MaxRetryAfter = maxRetryAfter ?? TimeSpan.FromSeconds(5),
                MaxResponseBytes = maxResponseBytes,
            },
            Logger);
        clients.Add(client);
        return client;
    }

    public static NewToken NewToken(string name, string? comment = null) =>
        new(name, ["SCAN_WITH_PREDEFINED_SETTINGS", "TASKS_VIEW_ALL"], comment);

    public Task AddFaultAsync(string method, string path, string kind, int count = 1, int? status = null, int? delayMs = null,
        int? retryAfterSeconds = null, string? body = null, string? contentType = null) =>
        Control.AddFaultAsync(new Fault
        {
            Method = method, Path = path, Kind = kind, Count = count, Status = status, DelayMs = delayMs,
            RetryAfterSeconds = retryAfterSeconds, Body = body, ContentType = contentType,
        });

    public async Task<IReadOnlyList<EmulatorToken>> LiveTokensAsync(string name) =>
        (await Control.GetTokensAsync()).Where(t => t.Name == name && t.Deleted is null).ToArray();

    public static string KeyOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
            client.Dispose();
        await Server.DisposeAsync();
    }
}
