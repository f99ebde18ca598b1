using System.Diagnostics;

namespace PtSandbox.Bench;

/// <summary>
/// The start-up floor: the least a plugin can do, in C: bind 127.0.0.1:0, listen, print the port, wait to be
/// stopped. Written to a temp dir and built with <c>cc -O2</c> at run time; launched exactly as the harness
/// launches the provider (redirected stdin, stdout and stderr; stdin closed; the engine address as last argument).
/// </summary>
internal sealed class CFloor
{
    private const string Source = """
        #include <arpa/inet.h>
        #include <netinet/in.h>
        #include <stdio.h>
        #include <string.h>
        #include <sys/socket.h>
        #include <unistd.h>

        int main(void) {
            int s = socket(AF_INET, SOCK_STREAM, 0);
            if (s < 0) { perror("socket"); return 1; }
            struct sockaddr_in a;
            memset(&a, 0, sizeof a);
            a.sin_family = AF_INET;
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            a.sin_port = 0;
            if (bind(s, (struct sockaddr *)&a, sizeof a) != 0) { perror("bind"); return 1; }
            if (listen(s, 16) != 0) { perror("listen"); return 1; }
            socklen_t len = sizeof a;
            if (getsockname(s, (struct sockaddr *)&a, &len) != 0) { perror("getsockname"); return 1; }
            printf("%d\n", ntohs(a.sin_port));
            fflush(stdout);
            for (;;) pause();
        }
        """;

    private CFloor(string binary) => Binary = binary;

    public string Binary { get; }

    /// <summary>Builds the program; null with the reason when there is no working C compiler.</summary>
    public static async Task<(CFloor? Floor, string? Why)> BuildAsync(string tempDir)
    {
        var source = Path.Combine(tempDir, "port_floor.c");
        var binary = Path.Combine(tempDir, "port_floor");
        await File.WriteAllTextAsync(source, Source);
        var info = new ProcessStartInfo("cc") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-O2", "-o", binary, source }) info.ArgumentList.Add(arg);
        Process? cc;
        try
        {
            cc = Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (null, $"no C compiler: `cc` cannot be run ({e.Message})");
        }
        if (cc is null) return (null, "no C compiler: `cc` did not start");
        using (cc)
        {
            var stderr = cc.StandardError.ReadToEndAsync();
            var stdout = cc.StandardOutput.ReadToEndAsync();
            await cc.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await Task.WhenAll(stderr, stdout);
            if (cc.ExitCode != 0) return (null, $"cc -O2 failed ({cc.ExitCode}): {stderr.Result.Trim()}");
        }
        return (new CFloor(binary), null);
    }

    /// <summary>One launch: exec until the port line; then its peak RSS; then SIGKILL.</summary>
    public async Task<(TimeSpan PortLine, long PeakRss)> RunOnceAsync(string engineAddress)
    {
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(engineAddress);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Binary}");
        try
        {
            process.StandardInput.Close();
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
            var elapsed = clock.Elapsed;
            if (line is null || !int.TryParse(line.Trim(), out var port) || port is < 1 or > 65535)
                throw new InvalidOperationException($"the C floor wrote '{line ?? "<EOF>"}' instead of a port");
            return (elapsed, ProcStatus.PeakRssBytes(process.Id));
        }
        finally
        {
            if (!process.HasExited) process.Kill();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
