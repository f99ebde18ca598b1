using System.Security.Cryptography;
using ProviderHost.Values;
using PtSandbox.Emulator;
using PtSandbox.Harness;

namespace PtSandbox.Demo;

/// <summary>
/// The in-process emulator over HTTPS with a fresh self-signed certificate, its PEM in a temp file that the
/// provider is told to trust (caCertificate: TLS pinning), and the `admin` account with a generated password.
/// </summary>
internal sealed class DemoSandbox : IAsyncDisposable
{
    public const string Username = "admin";

    private DemoSandbox(EmulatorServer emulator, string password, string caPath)
    {
        Emulator = emulator;
        Password = password;
        CaPath = caPath;
    }

    public EmulatorServer Emulator { get; }
    public EmulatorControl Control => Emulator.Control;
    public string Password { get; }
    public string CaPath { get; }
    public string Host => Emulator.BaseUrl.ToString().TrimEnd('/');

    /// <summary>The provider's stack config, as the engine sends it: strings, the password marked secret.</summary>
    public PropertyMap Config => Values.Map(
        ("host", Host), ("username", Username), ("password", Values.Secret(Password)), ("caCertificate", CaPath));

    public static async Task<DemoSandbox> StartAsync()
    {
        var password = "demo-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y');
        var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Username = Username, Password = password });
        var caPath = Path.Combine(Path.GetTempPath(), $"ptsandbox-demo-ca-{Guid.NewGuid():N}.pem");
        try
        {
            await File.WriteAllTextAsync(caPath, emulator.CertificatePem
                ?? throw new InvalidOperationException("the emulator serves HTTPS but has no certificate"));
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
        return new DemoSandbox(emulator, password, caPath);
    }

    public async Task<int> LiveTokenCountAsync() => (await Control.GetTokensAsync()).Count(t => t.Deleted is null);

    public async ValueTask DisposeAsync()
    {
        try { await Emulator.DisposeAsync(); }
        finally { File.Delete(CaPath); }
    }
}
