using System.Diagnostics;
using System.Globalization;
using ProviderHost.Values;
using PtSandbox.Harness;
using static ProviderHost.Values.PropertyMarshaller;
using static PtSandbox.Demo.DemoFailure;

namespace PtSandbox.Demo;

/// <summary>The demo's commands, in order, each as the engine runs it and as a user would read it.</summary>
internal sealed class DemoSteps(ProviderLauncher launcher, DemoSandbox sandbox, SecretRegistry secrets, Printer printer)
{
    private const string ApiToken = DemoProgram.ApiToken;

    private readonly DemoStack _stack = new();
    private UpCommand Up => new(launcher, _stack, secrets, printer);

    public async Task RunAsync()
    {
        await ShowTlsPinningAsync();
        await PreviewAsync();
        await FirstUpAsync();
        await NoOpUpAsync();
        await RotateAsync();
        await AddScheduledTokenAsync();
        await ScheduledRotationAsync();
        await WithinGracePeriodAsync();
        await RefreshAfterOutOfBandDeleteAsync();
        await RecreateAsync();
        await ImportAsync();
        await ListTokensAsync();
        await DestroyAsync();
    }

    /// <summary>The same call with and without caCertificate: the self-signed certificate is trusted only when pinned.</summary>
    private async Task ShowTlsPinningAsync()
    {
        var unpinned = sandbox.Config.Remove("caCertificate");
        try
        {
            var response = await launcher.PhaseAsync(Phase.Execution, ConfigSource.Program, unpinned,
                session => session.InvokeAsync(DemoProgram.GetApiTokens, PropertyMap.Empty));
            if (response.Failures.Count == 0)
                throw new DemoFailure("without caCertificate the provider accepted the emulator's self-signed certificate");
            printer.Good("TLS: without caCertificate the provider refuses the sandbox: " + response.Failures[0].Reason);
        }
        catch (ProviderCallFailed refused)
        {
            printer.Good("TLS: without caCertificate the provider refuses the sandbox: " + refused.Detail);
        }
        var stats = await sandbox.Control.GetStatsAsync();
        Expect(SandboxCalls.Total(stats) == 0, "no request gets through an unpinned TLS connection");
    }

    private async Task PreviewAsync()
    {
        printer.Command("pulumi preview", "two new tokens; nothing exists yet");
        var before = await sandbox.Control.GetStatsAsync();
        var plan = await Up.PreviewAsync(DemoProgram.Tokens(rotation: "2026-11"));
        Expect(plan.All(p => p.Op == Op.Create), "the preview plans to create both tokens");
        Expect(plan.All(p => p.Outputs.Find("token") is { IsSecret: true }), "the planned token output is a secret");
        Up.ShowPlan(plan, withValues: true);

        var requests = SandboxCalls.Total(await sandbox.Control.GetStatsAsync()) - SandboxCalls.Total(before);
        printer.Note($"the sandbox got {requests} requests during the preview (not even a login)");
        Expect(requests == 0, "a preview makes no sandbox request");
    }

    private async Task FirstUpAsync()
    {
        printer.Command("pulumi up", "creates both tokens");
        await RunUpAsync(DemoProgram.Tokens(rotation: "2026-11"));
    }

    private async Task NoOpUpAsync()
    {
        printer.Command("pulumi up", "same program again: nothing to do");
        var results = await RunUpAsync(DemoProgram.Tokens(rotation: "2026-11"));
        Expect(results.All(r => r.Result.Action == UpAction.Same), "a second `up` changes nothing");
    }

    private async Task RotateAsync()
    {
        printer.Command("pulumi up", "rotation: rotationTriggers.rotation \"2026-11\" → \"2026-12\"");
        var results = await RunUpAsync(DemoProgram.Tokens(rotation: "2026-12"));
        var (rotated, old) = results.Single(r => r.Result.State.Name == "ci-deploy");
        Expect(rotated.Action == UpAction.Replaced && old is not null, "ci-deploy is replaced");
        Expect(rotated.Diff!.Replaces.Contains("rotationTriggers"), "the replacement is due to rotationTriggers");

        var tokens = await sandbox.Control.GetTokensAsync();
        var oldLive = tokens.Single(t => t.Id.ToString() == old!.Id);
        var newLive = tokens.Single(t => t.Id.ToString() == rotated.State.Id);
        Expect(oldLive.Deleted is { } deleted && newLive.Created < deleted, "the new token exists before the old one is deleted");
        printer.Good($"create-before-delete: #{newLive.Id} created, then #{oldLive.Id} deleted");
        printer.Good($"id {old!.Id} → {rotated.State.Id}; tokenHash {Printer.Short(old.Outputs.Text("tokenHash"))} → {Printer.Short(rotated.State.Outputs.Text("tokenHash"))}");

        var secretChanged = old.Outputs.Text("token") != rotated.State.Outputs.Text("token")
                            && old.Outputs.Text("tokenHash") != rotated.State.Outputs.Text("tokenHash");
        Expect(secretChanged, "the rotated token has a new secret");
        printer.Good("the secret changed (hashes differ; neither secret is shown)");
        Expect(newLive.Comment == "Deploys from CI; managed by Pulumi", "rotationTriggers never reach the sandbox");
    }

    /// <summary>nightly joins the program, made while the sandbox's clock runs a month behind: its rotation is due already.</summary>
    private async Task AddScheduledTokenAsync()
    {
        var results = await WithSandboxClockAsync(TimeSpan.FromDays(-31), "the sandbox's clock is set 31 days back: this token is made as if a month ago", () =>
        {
            printer.Command("pulumi up", "nightly joins: no name, rotation {rotateAfter: \"30d\", previousTokenLifetime: \"1d\"}");
            return RunUpAsync(DemoProgram.TokensWithNightly(rotation: "2026-12"));
        });
        Expect(results.Where(r => r.Result.State.Name != "nightly").All(r => r.Result.Action == UpAction.Same), "the other tokens are unchanged");
        var nightly = results.Single(r => r.Result.State.Name == "nightly").Result;
        Expect(nightly.Action == UpAction.Created, "nightly is created");

        var name = nightly.State.Outputs.Text("name") ?? "";
        Expect(name.Length == "nightly-".Length + 7 && name.StartsWith("nightly-", StringComparison.Ordinal), "nightly's name is generated: nightly-<7 letters>");
        printer.Good($"name {name}: generated, as the program sets none");
        var createdAt = Time(nightly.State.Outputs.Text("createdAt"));
        var dueAt = Time(nightly.State.Outputs.Text("rotationDueAt"));
        Expect(dueAt == createdAt + TimeSpan.FromDays(30), "rotationDueAt is createdAt + rotateAfter");
        Expect(dueAt < DateTimeOffset.UtcNow, "the rotation is due already");
        printer.Good($"rotationDueAt {nightly.State.Outputs.Text("rotationDueAt")} (createdAt + 30d): a day ago, so the next `pulumi up` rotates it");
    }

    /// <summary>The first `up` after rotationDueAt rotates nightly in place: a new token, the old one valid through its grace period.</summary>
    private async Task ScheduledRotationAsync()
    {
        printer.Command("pulumi up", "a month later: the scheduled run");
        var started = DateTimeOffset.UtcNow;
        var results = await RunUpAsync(DemoProgram.TokensWithNightly(rotation: "2026-12"), plan =>
        {
            var planned = plan.Single(p => p.Name == "nightly");
            Expect(planned.Op == Op.Update && planned.Diff!.Diffs.SequenceEqual(["rotationDueAt"]), "the preview plans to update nightly in place, on rotationDueAt");
            Expect(new[] { "tokenId", "tokenHash", "token" }.All(key => IsUnknown(planned.Outputs.Find(key))), "the preview leaves the new token unknown");
            printer.Note("the preview cannot know the new token: its tokenId, tokenHash and token are (known after apply)");
        });
        var finished = DateTimeOffset.UtcNow;
        Expect(results.Where(r => r.Result.State.Name != "nightly").All(r => r.Result.Action == UpAction.Same), "the other tokens are unchanged");
        var (rotated, old) = results.Single(r => r.Result.State.Name == "nightly");
        Expect(rotated.Action == UpAction.Updated && old is not null && !EngineSession.IsReplacement(rotated.Diff!), "nightly is rotated in place, not replaced");

        var (oldId, newId) = (TokenId(old!), TokenId(rotated.State));
        var (oldName, newName) = (old!.Outputs.Text("name"), rotated.State.Outputs.Text("name"));
        Expect(newId != oldId && rotated.State.Id == old.Id, "a new token, while the resource id stays the first token's until a refresh");
        printer.Good($"tokenId {oldId} → {newId} ({oldName} → {newName}: a new generated name); the resource id stays {rotated.State.Id} until a refresh");

        var tokens = await sandbox.Control.GetTokensAsync();
        Expect(tokens.Single(t => t.Id == oldId).Deleted is null && tokens.Single(t => t.Id == newId).Deleted is null, "the old and the new token are both live");
        printer.Good($"both are live in the sandbox: #{oldId} and #{newId}");

        var retiring = UpCommand.RetiringTokens(rotated.State);
        Expect(retiring.Count == 1 && (long)retiring[0]["tokenId"].Unsecret().NumberValue == oldId, "retiringTokens lists the old token");
        var deleteAfter = retiring[0].Text("deleteAfter");
        var grace = TimeSpan.FromDays(1);
        Expect(Time(deleteAfter) >= started.AddMilliseconds(-1) + grace && Time(deleteAfter) <= finished.AddMilliseconds(1) + grace,
            "deleteAfter is the rotation's time on the provider's clock + previousTokenLifetime");
        printer.Good($"retiringTokens[0]: #{oldId}, deleteAfter {deleteAfter} (the rotation + 1d, on the provider's clock)");

        var secretChanged = old.Outputs.Text("token") != rotated.State.Outputs.Text("token")
                            && old.Outputs.Text("tokenHash") != rotated.State.Outputs.Text("tokenHash");
        Expect(secretChanged, "the rotated token has a new secret");
        printer.Good($"the secret changed: tokenHash {Printer.Short(old.Outputs.Text("tokenHash"))} → {Printer.Short(rotated.State.Outputs.Text("tokenHash"))} (neither secret is shown)");
        Expect(Time(rotated.State.Outputs.Text("rotationDueAt")) > DateTimeOffset.UtcNow, "the new token is not due yet");
        printer.Good($"rotationDueAt {rotated.State.Outputs.Text("rotationDueAt")}: the new token's createdAt + 30d");
    }

    /// <summary>
    /// The next scheduled `up`, within the day of grace: nothing to do, and both tokens stay valid. (The first `up` after
    /// deleteAfter deletes the old one; the tests show it on a fake clock. Here `pulumi destroy` deletes it with the rest.)
    /// </summary>
    private async Task WithinGracePeriodAsync()
    {
        var before = _stack.Get("nightly");
        var retired = UpCommand.RetiringTokens(before).Single();
        var (retiredId, currentId) = ((long)retired["tokenId"].Unsecret().NumberValue, TokenId(before));

        printer.Command("pulumi up", "the next scheduled run, within the day of grace");
        var results = await RunUpAsync(DemoProgram.TokensWithNightly(rotation: "2026-12"));
        Expect(results.All(r => r.Result.Action == UpAction.Same), "nothing changes while the grace period runs");

        var tokens = await sandbox.Control.GetTokensAsync();
        Expect(tokens.Single(t => t.Id == retiredId).Deleted is null && tokens.Single(t => t.Id == currentId).Deleted is null, "both tokens stay live");
        printer.Good($"#{retiredId} stays valid until {retired.Text("deleteAfter")}, beside #{currentId}: the first `pulumi up` after that deletes it");
    }

    private async Task RefreshAfterOutOfBandDeleteAsync()
    {
        var scanner = _stack.Get("scanner");
        printer.Line();
        printer.Plain($"    (meanwhile an admin deletes token #{scanner.Id} 'scanner' in the sandbox UI)");
        await sandbox.Control.DeleteTokenAsync(long.Parse(scanner.Id));

        printer.Command("pulumi refresh", "compare the state with the sandbox");
        var before = await sandbox.Control.GetStatsAsync();
        // preview phase, then execution phase: both Read every resource in fresh processes; only the second saves.
        await launcher.PhaseAsync(Phase.Preview, ConfigSource.State, async session =>
        {
            foreach (var state in _stack.Resources) await session.RefreshAsync(state);
        });
        printer.Phase($"preview: read {_stack.Resources.Count} resources (nothing saved)");
        await launcher.PhaseAsync(Phase.Execution, ConfigSource.State, async session =>
        {
            foreach (var state in _stack.Resources.ToList())
            {
                var refreshed = await session.RefreshAsync(state);
                if (refreshed is null)
                {
                    _stack.Remove(state.Name);
                    printer.Resource(Op.Deleted, ApiToken, state.Name, "out of band; removed from state");
                    continue;
                }
                _stack.Save(refreshed);
                var kept = refreshed.Outputs.Find("token") is { IsSecret: true } && refreshed.Outputs.Text("token") == state.Outputs.Text("token");
                Expect(kept, $"{state.Name}: refresh keeps the token secret");
                Expect(refreshed.Id == TokenId(refreshed).ToString(CultureInfo.InvariantCulture), $"{state.Name}: after a refresh the resource id is its current token's");
                var same = refreshed.Inputs.Equals(state.Inputs);
                var moved = refreshed.Id == state.Id ? "" : $"; id {state.Id} → {refreshed.Id}, its current token";
                printer.Resource(same ? Op.Same : Op.Refreshed, ApiToken, state.Name, $"(token secret carried over{moved})");
            }
        });
        Expect(_stack.Find("scanner") is null, "refresh removes scanner from the state");
        printer.Note("sandbox calls: " + SandboxCalls.Describe(before, await sandbox.Control.GetStatsAsync()));
    }

    private async Task RecreateAsync()
    {
        printer.Command("pulumi up", "the program still declares scanner: create it again");
        var results = await RunUpAsync(DemoProgram.TokensWithNightly(rotation: "2026-12"));
        Expect(results.Single(r => r.Result.State.Name == "scanner").Result.Action == UpAction.Created, "scanner is created again");
    }

    private async Task ImportAsync()
    {
        // Someone makes a token by hand: here a provider process outside the stack creates it, and its state is dropped.
        var handMade = await launcher.PhaseAsync(Phase.Execution, ConfigSource.Program,
            session => session.CreateAsync(ApiToken, "legacy-uploader", DemoProgram.HandMade));
        secrets.Add(handMade.Outputs.Text("token"));
        printer.Line();
        printer.Plain($"    (meanwhile a colleague creates token #{handMade.Id} 'legacy-uploader' by hand, outside any stack)");

        printer.Command($"pulumi import {ApiToken} legacy-uploader {handMade.Id}", "adopt it into the stack");
        await launcher.PhaseAsync(Phase.Preview, ConfigSource.Program, session => session.ImportAsync(ApiToken, "legacy-uploader", handMade.Id));
        var (imported, check) = await launcher.PhaseAsync(Phase.Execution, ConfigSource.Program, async session =>
        {
            var result = await session.ImportAsync(ApiToken, "legacy-uploader", handMade.Id);
            await launcher.WaitForLogAsync(l => l.Message.Contains("without its secret"), TimeSpan.FromSeconds(2));
            return result;
        });
        foreach (var failure in check.Failures) printer.Warning($"{failure.Property}: {failure.Reason}");
        _stack.Save(imported);

        printer.Resource(Op.Imported, ApiToken, "legacy-uploader", $"(id {imported.Id})");
        printer.Phase("inputs read from the sandbox:");
        Up.ShowProperties(imported.Inputs);
        printer.Phase("outputs:");
        printer.Property("creatorLogin", imported.Outputs.Text("creatorLogin") ?? "(none)");
        printer.Property("createdAt", imported.Outputs.Text("createdAt") ?? "(none)");
        printer.Property("token", "(not available: the sandbox shows a secret only once, when the token is created)");
        Expect(imported.Id == handMade.Id, "the imported resource keeps the sandbox id");
        Expect(imported.Inputs.Text("name") == "legacy-uploader" && imported.Inputs.Text("comment") == "Made by hand in the sandbox UI",
            "import reads name and comment back");
        Expect(imported.Outputs.Find("token") is null, "an imported token has no secret");
    }

    private async Task ListTokensAsync()
    {
        printer.Command($"fn::invoke {DemoProgram.GetApiTokens}", "what a program sees when it lists the sandbox's tokens");
        var response = await launcher.PhaseAsync(Phase.Execution, ConfigSource.Program,
            async session => await session.InvokeAsync(DemoProgram.GetApiTokens, PropertyMap.Empty));
        Expect(response.Failures.Count == 0, "getApiTokens succeeds");
        var result = ToPropertyMap(response.Return);
        var rows = result["tokens"].ArrayValue.Select(t => t.Unsecret().ObjectValue).ToList();

        printer.Plain($"      {"id",-4} {"name",-17} {"permissions",-46} creator");
        foreach (var row in rows)
        {
            var permissions = string.Join(",", row["permissions"].Unsecret().ArrayValue.Select(p => p.Unsecret().StringValue));
            printer.Plain($"      {Printer.Show(row.Find("id")),-4} {row.Text("name"),-17} {permissions,-46} {row.Text("creatorLogin")}");
        }
        printer.Summary($"total: {Printer.Show(result.Find("total"))}");
        Expect(rows.All(r => !r.ContainsKey("token")), "no listed token carries a secret");
        Expect(rows.Count == await sandbox.LiveTokenCountAsync(), "the listing shows exactly the sandbox's live tokens");
        var nightly = _stack.Get("nightly").Outputs;
        var retiring = nightly["retiringTokens"].Unsecret().ArrayValue.Select(t => t.Unsecret().ObjectValue.Text("name")).ToList();
        string?[] names = ["ci-deploy", "legacy-uploader", nightly.Text("name"), .. retiring, "scanner"];
        Expect(retiring.Count == 1, "nightly still retires its previous token (its day of grace has not passed)");
        Expect(rows.Select(r => r.Text("name")).Order().SequenceEqual(names.Order()),
            "the five live tokens are listed, nightly's retiring token among them");
    }

    private async Task DestroyAsync()
    {
        printer.Command("pulumi destroy", "delete everything in the stack");
        var before = await sandbox.Control.GetStatsAsync();
        var doomed = _stack.Resources.Reverse().ToList();
        var tokensToDelete = doomed.Sum(state => 1 + UpCommand.RetiringTokens(state).Count);
        // preview phase: the provider is configured from state, and Delete never runs in a preview.
        await launcher.PhaseAsync(Phase.Preview, ConfigSource.State, _ => Task.CompletedTask);
        printer.Phase($"preview: - {doomed.Count} to delete");
        await launcher.PhaseAsync(Phase.Execution, ConfigSource.State, async session =>
        {
            foreach (var state in doomed)
            {
                await session.DeleteAsync(state);
                _stack.Remove(state.Name);
                printer.Resource(Op.Deleted, ApiToken, state.Name, $"(id {state.Id})");
            }
        });
        var live = await sandbox.LiveTokenCountAsync();
        var after = await sandbox.Control.GetStatsAsync();
        printer.Summary($"Resources: - {doomed.Count} deleted");
        printer.Note("sandbox calls: " + SandboxCalls.Describe(before, after));
        const string deleteRoute = "DELETE /api/ui/public-api/tokens/{id}";
        Expect(after.Count(deleteRoute) - before.Count(deleteRoute) == tokensToDelete, "destroy deletes every resource's token and every token it retires");
        printer.Good($"the sandbox holds {live} live tokens");
        Expect(live == 0, "destroy leaves no live token");
    }

    public async Task SummaryAsync(Stopwatch clock)
    {
        var stats = await sandbox.Control.GetStatsAsync();
        printer.Line();
        printer.Title("Summary");
        printer.Plain($"    provider {launcher.PluginVersion}: {launcher.Launched} processes launched (a fresh one per phase of every command)");
        printer.Plain($"    sandbox: {stats.Logins} logins, {stats.BearersIssued} bearers issued, {SandboxCalls.Total(stats)} requests:");
        foreach (var (route, count) in stats.Requests.OrderBy(r => r.Key, StringComparer.Ordinal))
            printer.Plain($"      {count,4}  {route}");
        printer.Plain($"    elapsed: {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// Both phases of `pulumi up`, printed: the preview (a one-line summary unless something changes in place or is
    /// replaced), checked by <paramref name="expectPlan"/> when given, then what happened to each resource.
    /// </summary>
    private async Task<IReadOnlyList<(UpResult Result, ResourceState? Old)>> RunUpAsync(
        IReadOnlyList<(string Name, PropertyMap Inputs)> program, Action<IReadOnlyList<PlannedStep>>? expectPlan = null)
    {
        var before = await sandbox.Control.GetStatsAsync();
        var up = Up;
        var plan = await up.PreviewAsync(program);
        if (plan.Any(p => p.Op is Op.Update or Op.Replace))
        {
            printer.Phase("preview:");
            up.ShowPlan(plan, withValues: false);
        }
        else
        {
            printer.Phase("preview: " + UpCommand.Counts(plan));
        }
        expectPlan?.Invoke(plan);

        var results = await up.ExecuteAsync(program, plan);
        foreach (var (result, old) in results)
        {
            var name = result.State.Name;
            switch (result.Action)
            {
                case UpAction.Created:
                    printer.Resource(Op.Created, ApiToken, name);
                    up.ShowCreated(result.State);
                    break;
                case UpAction.Updated:
                    printer.Resource(Op.Updated, ApiToken, name, $"({string.Join(", ", result.Diff!.Diffs)})");
                    break;
                case UpAction.Replaced:
                    printer.Resource(Op.Replaced, ApiToken, name, $"({string.Join(", ", result.Diff!.Replaces)}) create-before-delete");
                    break;
                default:
                    printer.Resource(Op.Same, ApiToken, name);
                    break;
            }
        }
        printer.Summary("Resources: " + UpCommand.Counts(plan).Replace("to create", "created").Replace("to update", "updated").Replace("to replace", "replaced"));
        printer.Note("sandbox calls: " + SandboxCalls.Describe(before, await sandbox.Control.GetStatsAsync()));
        return results;
    }

    /// <summary>Runs <paramref name="step"/> with the sandbox's clock <paramref name="offset"/> off real time, saying so first, then puts the clock back.</summary>
    private async Task<T> WithSandboxClockAsync<T>(TimeSpan offset, string aside, Func<Task<T>> step)
    {
        printer.Line();
        printer.Plain($"    ({aside})");
        await sandbox.Control.SetClockOffsetAsync(offset);
        try
        {
            return await step();
        }
        finally
        {
            await sandbox.Control.SetClockOffsetAsync(TimeSpan.Zero);
        }
    }

    private static long TokenId(ResourceState state) => (long)state.Outputs["tokenId"].Unsecret().NumberValue;

    private static DateTimeOffset Time(string? rfc3339) =>
        DateTimeOffset.Parse(rfc3339 ?? throw new DemoFailure("expected: a time output"), CultureInfo.InvariantCulture);

    private static bool IsUnknown(PropertyValue? value) => value?.Unsecret().Kind == PropertyValueKind.Computed;
}
