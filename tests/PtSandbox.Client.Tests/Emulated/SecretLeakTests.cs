using PtSandbox.Emulator;

namespace PtSandbox.Client.Tests.Emulated;

public class SecretLeakTests
{
    /// <summary>Runs many failure paths and checks no message or log line carries a password, bearer or secret.</summary>
    [Fact]
    public async Task No_error_or_log_line_contains_a_password_bearer_or_token_secret()
    {
        await using var sandbox = await Sandbox.StartAsync(new EmulatorOptions { BearerTtl = TimeSpan.FromSeconds(30) });
        var client = sandbox.Client(maxRetries: 1);
        var messages = new List<string>();
        var secrets = new List<string>();

        async Task Collect(Func<Task> action)
        {
            try
            {
                await action();
            }
            catch (Exception e)
            {
                for (var inner = e; inner is not null; inner = inner.InnerException)
                    messages.Add(inner.Message);
                messages.Add(e.ToString());
            }
            await sandbox.Control.ClearFaultsAsync();
        }

        secrets.Add((await client.CreateTokenAsync(Sandbox.NewToken("leak-one"), null, CancellationToken.None)).Secret);
        // A server echoing what it got must not make the client repeat it.
        await sandbox.AddFaultAsync("POST", Sandbox.Tokens, FaultKinds.Status, status: 400, contentType: "application/json",
            body: $$"""{"errors":[{"message":"user admin password {{Sandbox.Password}} not allowed","type":"X"}]}""");
        await Collect(() => client.CreateTokenAsync(Sandbox.NewToken("leak-two"), null, CancellationToken.None));
        await sandbox.AddFaultAsync("POST", Sandbox.Tokens, FaultKinds.CommitThenDrop);
        secrets.Add((await client.CreateTokenAsync(Sandbox.NewToken("leak-three"), null, CancellationToken.None)).Secret);
        await sandbox.AddFaultAsync("GET", Sandbox.Tokens, FaultKinds.Status, count: 5, status: 500);
        await Collect(() => client.ListTokensAsync(CancellationToken.None));
        await sandbox.AddFaultAsync("GET", Sandbox.Tokens, FaultKinds.Status, count: 2, status: 401);
        await Collect(() => client.ListTokensAsync(CancellationToken.None));
        await Collect(() => client.CreateTokenAsync(Sandbox.NewToken("9bad"), null, CancellationToken.None));
        await Collect(() => sandbox.Client(password: Sandbox.Password + "x").ListTokensAsync(CancellationToken.None));
        await Collect(() => sandbox.Client(caCertificatePem: null).ListTokensAsync(CancellationToken.None));
        await sandbox.AddFaultAsync("POST", "/ui/login", FaultKinds.Status, status: 500, count: 5, body: Sandbox.Password);
        await Collect(() => sandbox.Client().ListTokensAsync(CancellationToken.None));
        // Every bearer the emulator handed out, so every one a client held.
        var bearers = sandbox.Server.IssuedBearers;

        messages.Should().HaveCountGreaterThan(10);
        bearers.Should().HaveCountGreaterThanOrEqualTo(2, "the double 401 forced a new login");
        sandbox.Logger.Lines.Should().NotBeEmpty();
        var everything = messages.Concat(sandbox.Logger.Lines).ToArray();
        foreach (var secret in secrets.Append(Sandbox.Password).Concat(bearers))
            everything.Should().NotContain(text => text.Contains(secret, StringComparison.Ordinal));
        messages.Should().Contain(m => m.Contains("password *** not allowed"));
    }
}
