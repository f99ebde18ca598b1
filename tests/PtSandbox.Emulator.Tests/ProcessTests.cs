using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace PtSandbox.Emulator.Tests;

/// <summary>Runs the built <c>ptsandbox-emulator</c> as a child process, as users and the demo do.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ptsb-emulator-proc-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task First_stdout_line_is_the_base_url_and_nothing_else_is_printed()
    {
        using var process = Start("--http", "--port", "0", "--password", "hunter2-secret");
        var line = await ReadLineAsync(process);
        line.Should().MatchRegex(@"^http://127\.0\.0\.1:\d+$");

        using (var http = new HttpClient { BaseAddress = new Uri(line!) })
        {
            using var response = await http.GetAsync("/api/ui/auth/authorize?fingerprint=abc");
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            (await http.PostAsync("/ui/login", new StringContent("""{"username": "admin", "password": "hunter2-secret"}""",
                System.Text.Encoding.UTF8, "application/json"))).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await StopAsync(process);
        process.ExitCode.Should().Be(0, "SIGTERM is a clean exit");
        var rest = await process.StandardOutput.ReadToEndAsync();
        rest.Should().BeEmpty("the base URL is the only stdout output");
        (await process.StandardError.ReadToEndAsync()).Should().NotContain("hunter2-secret");
    }

    [Fact]
    public async Task Cert_out_writes_the_pem_of_the_served_certificate()
    {
        var pemPath = Path.Combine(_directory, "emulator.pem");
        using var process = Start("--port", "0", "--cert-out", pemPath);
        var line = await ReadLineAsync(process);
        line.Should().MatchRegex(@"^https://127\.0\.0\.1:\d+$");

        var pem = await File.ReadAllTextAsync(pemPath);
        pem.Should().StartWith("-----BEGIN CERTIFICATE-----");
        using var certificate = X509Certificate2.CreateFromPem(pem);
        certificate.MatchesHostname("127.0.0.1").Should().BeTrue();

        using var control = new EmulatorControl(new Uri(line!), pem);
        (await control.GetStatsAsync()).Logins.Should().Be(0, "the written PEM is the certificate the server presents");

        await StopAsync(process);
        process.ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task Help_exits_0_and_an_unknown_flag_exits_2_on_stderr()
    {
        using (var help = Start("--help"))
        {
            var output = await help.StandardOutput.ReadToEndAsync();
            await help.WaitForExitAsync();
            help.ExitCode.Should().Be(0);
            output.Should().Contain("Usage: ptsandbox-emulator").And.Contain("--unique-names");
        }

        using var bad = Start("--no-such-flag");
        var stdout = await bad.StandardOutput.ReadToEndAsync();
        var stderr = await bad.StandardError.ReadToEndAsync();
        await bad.WaitForExitAsync();
        bad.ExitCode.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Should().Contain("--no-such-flag");
    }

    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(EmulatorDll());
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    private static async Task<string?> ReadLineAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await process.StandardOutput.ReadLineAsync(timeout.Token);
    }

    private static async Task StopAsync(Process process)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }
    }

    /// <summary>The emulator's build output: copied next to this test assembly (referenced Exe project),
    /// or else emulator/bin/&lt;configuration&gt;/net10.0 found by walking up from here.</summary>
    private static string EmulatorDll()
    {
        const string name = "ptsandbox-emulator";
        var local = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        if (File.Exists(local) && File.Exists(Path.Combine(AppContext.BaseDirectory, name + ".runtimeconfig.json")))
            return local;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "emulator", "bin", configuration, "net10.0", name + ".dll");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException($"{name}.dll not found; build emulator/PtSandbox.Emulator.csproj first");
    }
}
