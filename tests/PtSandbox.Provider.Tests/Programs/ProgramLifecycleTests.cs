using ProviderHost.Values;
using PtSandbox.Emulator;
using PtSandbox.Harness;
using PtSandbox.Harness.Monitor;
using Xunit.Abstractions;

namespace PtSandbox.Provider.Tests.Programs;

/// <summary>
/// A real Pulumi program (tests/programs/tokens, @pulumi/pulumi in Node.js) run through the harness's resource monitor
/// against the built provider and the emulator: what `pulumi preview / up / destroy` would do, checked on the provider
/// RPCs sent, the sandbox's tokens and the saved state; and that no secret shows in plain text anywhere.
/// </summary>
public sealed class ProgramLifecycleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string MainUrn = "urn:pulumi:dev::tokens::tokens:index:TokenSet$ptsandbox:index:ApiToken::main";
    private const string SecondUrn = "urn:pulumi:dev::tokens::tokens:index:TokenSet$ptsandbox:index:ApiToken::second";
    private const string DefaultProviderUrn = "urn:pulumi:dev::tokens::pulumi:providers:ptsandbox::default";

    private readonly ProgramStack _stack = new();
    private readonly List<RunResult> _runs = [];

    public Task InitializeAsync() => _stack.InitializeAsync();
    public Task DisposeAsync() => _stack.DisposeAsync();

    private PulumiStack Stack => _stack.Stack;
    private EmulatorControl Sandbox => _stack.Context.Emulator.Control;

    private Task<RunResult> PreviewAsync() => Run(Stack.PreviewAsync());
    private Task<RunResult> UpAsync() => Run(Stack.UpAsync());
    private Task<RunResult> DestroyAsync() => Run(Stack.DestroyAsync());

    private async Task<RunResult> Run(Task<RunResult> running)
    {
        var run = await running;
        output.WriteLine(run.ToString());
        output.WriteLine("provider calls: " + string.Join(", ", run.ProviderCalls));
        _runs.Add(run);
        return run;
    }

    private async Task<RunResult> SucceededAsync(Task<RunResult> running)
    {
        var run = await running;
        run.Error.Should().BeNull();
        return run;
    }

    private async Task<IReadOnlyList<EmulatorToken>> LiveTokensAsync() =>
        [.. (await Sandbox.GetTokensAsync()).Where(t => t.Deleted is null)];

    /// <summary>
    /// Every token secret the stack ever held (from the state, decrypted, after each update) and the password must
    /// appear nowhere in plain text: not in the state file, the program's output, the monitor's or the engine's log.
    /// </summary>
    private void AssertNoSecretShown(IEnumerable<string> tokenSecrets)
    {
        var secrets = tokenSecrets.Append(_stack.Context.Rig.Options.Password).Distinct().ToList();
        secrets.Should().HaveCountGreaterThan(1, "the scan must look for at least one issued token");
        var texts = _runs.Select(r => r.AllText).Append(Stack.StateText).ToList();
        foreach (var secret in secrets)
            texts.Should().NotContain(t => t.Contains(secret, StringComparison.Ordinal), "no secret may be shown in plain text");
    }

    private IEnumerable<string> HeldTokenSecrets() =>
        Stack.State.Managed.Select(r => r.Outputs.Find("token")).OfType<PropertyValue>().Select(v => v.Unsecret().StringValue);

    [Fact]
    public async Task Preview_makes_no_sandbox_request_shows_unknowns_and_saves_nothing()
    {
        var preview = await SucceededAsync(PreviewAsync());

        preview.StepsOf(StepOps.Create).Select(s => s.Urn).Should().Contain([MainUrn, DefaultProviderUrn]);
        preview.CallsOf("Create").Should().ContainSingle().Which.Should().Be(new ProviderCall("Create", MainUrn, Preview: true));
        preview.Outputs["tokenId"].IsComputed.Should().BeTrue("a token's id is not known before it is created");
        preview.Outputs["mainId"].IsComputed.Should().BeTrue();
        (await Sandbox.GetStatsAsync()).Requests.Values.Sum().Should().Be(0, "a preview of new tokens calls no sandbox, not even a login");
        File.Exists(_stack.StateFile).Should().BeFalse("a preview saves no state");
    }

    [Fact]
    public async Task Up_creates_a_second_up_changes_nothing_and_destroy_deletes_every_token()
    {
        var up = await SucceededAsync(UpAsync());
        up.CallsOf("Create").Should().ContainSingle().Which.Target.Should().Be(MainUrn);
        up.CallsOf("CheckConfig").Should().ContainSingle().Which.Target.Should().Be(DefaultProviderUrn);
        var live = await LiveTokensAsync();
        live.Should().ContainSingle().Which.Name.Should().Be("main-token");
        up.Outputs["token"].IsSecret.Should().BeTrue("the stack output holding the token is secret");
        up.Outputs["tokenIsSecret"].BoolValue.Should().BeTrue("the program saw the token as a secret Output");
        up.Outputs.Text("mainId").Should().Be(live[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var state = Stack.State;
        state.Find(MainUrn)!.Outputs["token"].IsSecret.Should().BeTrue();
        state.Find(DefaultProviderUrn)!.Inputs["password"].IsSecret.Should().BeTrue("the default provider got the secret config as a secret");
        state.Find(MainUrn)!.Provider.Should().Be(state.Find(DefaultProviderUrn)!.Reference);
        var secrets = HeldTokenSecrets().ToList();

        var again = await SucceededAsync(UpAsync());
        again.ProviderCalls.Select(c => c.Method).Should().NotContain(["Create", "Update", "Delete"], "nothing changed");
        again.StepsOf(StepOps.Same).Select(s => s.Urn).Should().Contain([MainUrn, DefaultProviderUrn]);
        again.Outputs["token"].Should().Be(up.Outputs["token"], "the token is the one created");
        (await LiveTokensAsync()).Should().BeEquivalentTo(live);

        var destroy = await SucceededAsync(DestroyAsync());
        destroy.CallsOf("Delete").Should().ContainSingle().Which.Should().Be(new ProviderCall("Delete", MainUrn, live[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        destroy.CallsOf("CheckConfig").Should().BeEmpty("destroy configures the provider from state alone");
        (await LiveTokensAsync()).Should().BeEmpty();
        Stack.State.Resources.Should().BeEmpty();
        AssertNoSecretShown(secrets);
    }

    [Fact]
    public async Task A_changed_rotation_trigger_replaces_the_token_creating_the_new_one_before_deleting_the_old()
    {
        await SucceededAsync(UpAsync());
        var first = (await LiveTokensAsync()).Single();
        var secrets = HeldTokenSecrets().ToList();

        Stack.Config.Set("tokens:rotation", "2");
        var preview = await SucceededAsync(PreviewAsync());
        preview.StepsOf(StepOps.Replace).Should().ContainSingle().Which.Urn.Should().Be(MainUrn);
        preview.CallsOf("Delete").Should().BeEmpty("a preview deletes nothing");
        (await LiveTokensAsync()).Should().ContainSingle().Which.Id.Should().Be(first.Id);

        var rotate = await SucceededAsync(UpAsync());
        var calls = rotate.ProviderCalls.ToList();
        var create = calls.FindIndex(c => c.Method == "Create" && c.Target == MainUrn);
        var delete = calls.FindIndex(c => c.Method == "Delete" && c.Target == MainUrn);
        create.Should().BeGreaterThan(-1);
        delete.Should().BeGreaterThan(create, "create-before-delete: the new token exists before the old one goes");
        calls[delete].Id.Should().Be(first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        rotate.StepsOf(StepOps.Replace).Should().ContainSingle();
        rotate.StepsOf(StepOps.DeleteReplaced).Should().ContainSingle().Which.Urn.Should().Be(MainUrn);

        var tokens = await Sandbox.GetTokensAsync();
        tokens.Single(t => t.Id == first.Id).Deleted.Should().NotBeNull();
        var second = tokens.Where(t => t.Deleted is null).Should().ContainSingle().Subject;
        second.Id.Should().NotBe(first.Id);
        Stack.State.Find(MainUrn)!.Id.Should().Be(second.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Stack.State.Resources.Should().NotContain(r => r.PendingDelete);
        AssertNoSecretShown(secrets.Concat(HeldTokenSecrets()));
    }

    [Fact]
    public async Task A_resource_the_program_no_longer_registers_is_deleted_after_the_program_and_a_failing_program_deletes_nothing()
    {
        Stack.Config.Set("tokens:withSecond", "true");
        await SucceededAsync(UpAsync());
        (await LiveTokensAsync()).Select(t => t.Name).Should().BeEquivalentTo(["main-token", "second-token"]);
        var secrets = HeldTokenSecrets().ToList();

        Stack.Config.Remove("tokens:withSecond").Set("tokens:fail", "true");
        var failed = await Run(Stack.UpAsync());
        failed.Succeeded.Should().BeFalse();
        failed.Error.Should().Contain("this program fails on purpose");
        failed.ExitCode.Should().NotBe(0);
        failed.CallsOf("Delete").Should().BeEmpty("a failed program deletes nothing");
        (await LiveTokensAsync()).Should().HaveCount(2);
        Stack.State.Find(SecondUrn).Should().NotBeNull("the state still holds what the failed run did not delete");

        Stack.Config.Remove("tokens:fail");
        var removed = await SucceededAsync(UpAsync());
        removed.CallsOf("Delete").Should().ContainSingle().Which.Target.Should().Be(SecondUrn);
        removed.StepsOf(StepOps.Delete).Select(s => s.Urn).Should().Contain(SecondUrn);
        (await LiveTokensAsync()).Should().ContainSingle().Which.Name.Should().Be("main-token");
        Stack.State.Find(SecondUrn).Should().BeNull();
        AssertNoSecretShown(secrets);
    }

    [Fact]
    public async Task Get_reads_a_token_by_id_and_the_invoke_lists_the_tokens()
    {
        var up = await SucceededAsync(UpAsync());
        var id = up.Outputs.Text("mainId")!;

        Stack.Config.Set("tokens:getId", id).Set("tokens:invoke", "true");
        var read = await SucceededAsync(UpAsync());
        read.CallsOf("Read").Should().ContainSingle().Which.Id.Should().Be(id);
        read.CallsOf("Invoke").Should().ContainSingle().Which.Target.Should().Be("ptsandbox:index:getApiTokens");
        read.Outputs.Text("lookedUpName").Should().Be("main-token");
        read.Outputs["listedTotal"].NumberValue.Should().Be(1);
        var lookedUp = Stack.State.Resources.Single(r => r.Name == "looked-up");
        lookedUp.External.Should().BeTrue("a .get reads a resource it does not manage");
        lookedUp.Id.Should().Be(id);

        Stack.Config.Remove("tokens:getId").Remove("tokens:invoke");
        var dropped = await SucceededAsync(UpAsync());
        dropped.CallsOf("Delete").Should().BeEmpty("a resource read with .get is forgotten, not deleted");
        (await LiveTokensAsync()).Should().ContainSingle();
        Stack.State.Resources.Should().NotContain(r => r.Name == "looked-up");
        AssertNoSecretShown(HeldTokenSecrets());
    }

    [Fact]
    public async Task An_explicit_provider_is_configured_from_its_arguments_and_serves_its_resources()
    {
        Stack.Config.Set("tokens:explicitProvider", "true");
        var up = await SucceededAsync(UpAsync());

        const string explicitUrn = "urn:pulumi:dev::tokens::pulumi:providers:ptsandbox::explicit";
        up.CallsOf("Configure").Select(c => c.Target).Should().Contain([explicitUrn, DefaultProviderUrn]);
        var state = Stack.State;
        var provider = state.Find(explicitUrn)!;
        provider.Inputs["password"].IsSecret.Should().BeTrue("the program passed the password as a secret");
        var viaExplicit = state.Resources.Single(r => r.Name == "via-explicit");
        viaExplicit.Provider.Should().Be(provider.Reference);
        (await LiveTokensAsync()).Select(t => t.Name).Should().BeEquivalentTo(["main-token", "explicit-token"]);

        var again = await SucceededAsync(UpAsync());
        again.ProviderCalls.Select(c => c.Method).Should().NotContain(["Create", "Update", "Delete"]);
        Stack.State.Find(explicitUrn)!.Id.Should().Be(provider.Id, "an unchanged provider keeps its id, so its resources stay");

        await SucceededAsync(DestroyAsync());
        (await LiveTokensAsync()).Should().BeEmpty();
        AssertNoSecretShown(state.Managed.Select(r => r.Outputs["token"].Unsecret().StringValue));
    }

    [Fact]
    public async Task A_failing_step_fails_the_run_with_a_message_naming_the_resource()
    {
        await Sandbox.AddFaultAsync(new Fault { Method = "POST", Path = "/api/ui/public-api/tokens", Status = 403, Count = 10 });

        var failed = await Run(Stack.UpAsync());

        failed.Succeeded.Should().BeFalse();
        failed.Error.Should().Contain("ptsandbox:index:ApiToken resource 'main'").And.Contain("create failed");
        (await LiveTokensAsync()).Should().BeEmpty();
        Stack.State.Find(MainUrn).Should().BeNull("nothing was created");
        Stack.State.Find(DefaultProviderUrn).Should().NotBeNull("the provider registered before the failure is kept");
    }
}
