using System.Diagnostics;
using System.Security.Cryptography;
using PtSandbox.Harness;

namespace PtSandbox.Demo;

/// <summary>
/// When the `pulumi` CLI is on PATH, runs examples/yaml for real against the same emulator: a local file backend and
/// PULUMI_HOME in a temp directory, `up --yes` then `destroy --yes`. Otherwise says it was skipped and why.
/// </summary>
internal sealed class RealPulumiRun(string providerBinary, DemoSandbox sandbox, SecretRegistry secrets, Printer printer)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);
    private readonly Lock _printLock = new();

    public static string? FindOnPath(string program)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, OperatingSystem.IsWindows() ? program + ".exe" : program);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & UnixFileMode.UserExecute) != 0))
                return candidate;
        }
        return null;
    }

    public async Task RunIfAvailableAsync()
    {
        var pulumi = FindOnPath("pulumi");
        if (pulumi is null)
        {
            printer.Line();
            printer.Plain("    skipped: the real `pulumi` run of examples/yaml (no `pulumi` executable on PATH)");
            return;
        }

        printer.Command($"{pulumi} up / destroy  (examples/yaml)", "the real CLI, local file backend, same emulator");
        var root = Directory.CreateTempSubdirectory("ptsandbox-demo-pulumi-").FullName;
        try
        {
            var project = Directory.CreateDirectory(Path.Combine(root, "project")).FullName;
            var backend = Directory.CreateDirectory(Path.Combine(root, "backend")).FullName;
            var home = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
            // The example points at ../../bin; here the plugin is wherever --provider says.
            var yaml = await File.ReadAllTextAsync(Path.Combine(Harness.RepositoryRoot.Find(), "examples", "yaml", "Pulumi.yaml"));
            yaml = yaml.Replace("path: ../../bin", "path: " + Path.GetDirectoryName(Path.GetFullPath(providerBinary)));
            await File.WriteAllTextAsync(Path.Combine(project, "Pulumi.yaml"), yaml);

            var passphrase = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            secrets.Add(passphrase);
            var environment = ProviderEnvironment.WithoutConfigFallbacks(new Dictionary<string, string?>
            {
                ["PULUMI_HOME"] = home,
                ["PULUMI_CONFIG_PASSPHRASE"] = passphrase,
                ["PULUMI_SKIP_UPDATE_CHECK"] = "true",
                ["PULUMI_BACKEND_URL"] = null,
                ["PULUMI_ACCESS_TOKEN"] = null,
            });

            async Task Run(string? stdin, params string[] arguments) => await RunAsync(pulumi, project, environment, stdin, arguments);
            await Run(null, "login", new Uri(backend).AbsoluteUri);
            await Run(null, "stack", "init", "demo", "--non-interactive");
            await Run(null, "config", "set", "host", sandbox.Host);
            await Run(null, "config", "set", "username", DemoSandbox.Username);
            await Run(sandbox.Password + "\n", "config", "set", "--secret", "password"); // on stdin, not in argv
            await Run(null, "config", "set", "caCertificate", sandbox.CaPath);
            await Run(null, "up", "--yes", "--non-interactive");
            var created = await sandbox.LiveTokenCountAsync();
            if (created != 1) throw new DemoFailure($"after the real `pulumi up` the sandbox holds {created} live tokens, expected the example's one");
            await Run(null, "destroy", "--yes", "--non-interactive");
            var live = await sandbox.LiveTokenCountAsync();
            if (live != 0) throw new DemoFailure($"after the real `pulumi destroy` the sandbox still holds {live} live tokens");
            printer.Good("the real CLI created and destroyed the example's token");
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); }
            catch (IOException) { }
        }
    }

    private async Task RunAsync(string pulumi, string workingDirectory, Dictionary<string, string?> environment, string? stdin, string[] arguments)
    {
        printer.Phase("$ pulumi " + string.Join(' ', arguments));
        var info = new ProcessStartInfo(pulumi)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        ProviderEnvironment.Apply(info, environment);

        using var process = Process.Start(info) ?? throw new DemoFailure($"could not start {pulumi}");
        var stdout = EchoAsync(process.StandardOutput);
        var stderr = EchoAsync(process.StandardError);
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new DemoFailure($"`pulumi {arguments[0]}` did not finish within {CommandTimeout.TotalSeconds:0} s");
        }
        await Task.WhenAll(stdout, stderr);
        if (process.ExitCode != 0)
            throw new DemoFailure($"`pulumi {string.Join(' ', arguments)}` exited with {process.ExitCode}");
    }

    private async Task EchoAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
            lock (_printLock) printer.Plain("      | " + line);
    }
}
