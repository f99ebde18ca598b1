using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using ProviderHost.Values;
using PtSandbox.Emulator;
using PtSandbox.Harness;
using PtSandbox.Harness.Fakes;
using PtSandbox.Hardening.Tests.Support;
using Pulumirpc;
using static PtSandbox.Hardening.Tests.Support.FakeSandboxRig;
using static ProviderHost.Values.PropertyMarshaller;

namespace PtSandbox.Hardening.Tests;

/// <summary>
/// Issue 11, finding 2: no secret in any text, under any answer. Each case lets a fake sandbox answer with the secret
/// in it, then searches every error, log line and stderr byte of the verbose providers for every form of it.
/// </summary>
public sealed class SecretHygieneTests(ITestOutputHelper output)
{
    private const string TokensPath = "/api/ui/public-api/tokens";

    // Non-ASCII and every character JSON, URLs, forms and HTML escape.
    private const string Password = "Pä$$wörd & + ' < > \" \\ €-Long-Enough";

    public static TheoryData<string> UnusableCreateFields() => ["id not a number", "id negative", "created an object", "key is the secret"];

    [Theory]
    [MemberData(nameof(UnusableCreateFields))]
    public async Task A_create_answer_with_an_unusable_field_records_the_token_and_never_shows_its_secret(string @case)
    {
        await using var rig = await FakeSandboxRig.StartAsync();
        var up = await rig.SessionAsync();
        string? secret = null;
        rig.Fake.On("POST", TokensPath).Once().Forward((_, answer) =>
        {
            var json = JsonNode.Parse(answer.BodyText)!.AsObject();
            secret = json["token"]!.GetValue<string>();
            switch (@case)
            {
                case "id not a number": json["id"] = "seven"; break;
                case "id negative": json["id"] = -5; break;
                case "created an object": json["created"] = new JsonObject { ["at"] = secret }; break;
                case "key is the secret": json["key"] = secret; break;
            }
            return answer.WithBody(json.ToJsonString());
        });

        var error = await FailsAsync(() => up.CreateAsync(ApiToken, "ci", ProviderRig.TokenInputs("partial-token")));
        var partial = InitFailed(error);
        var live = (await rig.LiveTokensAsync("partial-token")).Should().ContainSingle("the token the answer reported is recorded, not orphaned or duplicated").Subject;

        output.WriteLine(error.Status.Detail);
        partial.Id.Should().Be(live.Id.ToString(CultureInfo.InvariantCulture));
        var outputs = ToPropertyMap(partial.Properties);
        outputs["token"].IsSecret.Should().BeTrue();
        KeyOf(outputs.Text("token")!).Should().Be(live.Key, "the recorded secret is the live token's");
        outputs.Text("tokenHash").Should().NotBe(secret, "a hash that is the secret would land in a plain output");
        error.Status.Detail.Should().Contain($"token {live.Id} was created and its secret is stored").And.Contain("the next `pulumi up` completes it");

        // The next `pulumi up` retries the partial create with Update, which completes the outputs from the listing.
        var state = new ResourceState(ApiToken, "ci", up.Urn(ApiToken, "ci"), partial.Id, ToPropertyMap(partial.Inputs), outputs);
        var next = await rig.SessionAsync();
        var updated = ToPropertyMap((await next.Client.UpdateAsync(new UpdateRequest
        {
            Id = state.Id, Urn = state.Urn, Name = state.Name, Type = state.Type, Olds = ToStruct(state.Outputs),
            OldInputs = ToStruct(state.Inputs), News = ToStruct(state.Inputs),
        })).Properties);
        updated.Text("createdAt").Should().NotBeNullOrEmpty();
        updated.Text("creatorLogin").Should().Be("admin");
        updated.Text("token").Should().Be(outputs.Text("token"));
        updated["token"].IsSecret.Should().BeTrue();

        ShowsNone(rig.AllText() + "\n" + error.Status.Detail, ("token secret", secret!));
    }

    public static TheoryData<string> FormEchoes() =>
    [
        "JSON error quoting the form", "the form as plain text", "form-encoded", "HTML-escaped",
        "straddling the 200-character cut", "straddling the 500-character cut", "behind control characters",
    ];

    [Theory]
    [MemberData(nameof(FormEchoes))]
    public async Task A_login_answer_that_echoes_the_submitted_form_never_shows_the_password(string @case)
    {
        await using var rig = await FakeSandboxRig.StartAsync(new EmulatorOptions { Password = Password });
        rig.Fake.On("POST", "/ui/login").Respond(request => Echo(@case, request.BodyText));

        var session = await rig.SessionAsync(fromState: true);
        var error = await FailsAsync(() => session.RefreshAsync(new ResourceState(ApiToken, "t", session.Urn(ApiToken, "t"), "1",
            PropertyMap.Empty, PropertyMap.Empty)));

        output.WriteLine(error.Status.Detail);
        error.Status.Detail.Should().Contain("login failed");
        rig.Fake.Count("POST", "/ui/login").Should().BeGreaterThan(1, "a 500 is retried, so the echo is met several times");
        ShowsNone(rig.AllText() + "\n" + error.Status.Detail, ("password", Password));
    }

    [Fact]
    public async Task Session_and_refresh_cookies_never_appear_even_when_the_server_echoes_them()
    {
        await using var rig = await FakeSandboxRig.StartAsync();
        rig.Fake.On("POST", "/api/ui/auth/token").Respond(request =>
            FakeResponse.Json(500, JsonSerializer.Serialize(new { errors = new[] { new { message = "bad session: " + request.Header("Cookie") } } })));

        var session = await rig.SessionAsync(fromState: true);
        var error = await FailsAsync(() => session.RefreshAsync(new ResourceState(ApiToken, "t", session.Urn(ApiToken, "t"), "1",
            PropertyMap.Empty, PropertyMap.Empty)));

        var cookies = rig.Fake.Requests.Select(r => r.Header("Cookie")).OfType<string>()
            .SelectMany(header => header.Split(';')).Select(pair => pair.Split('=', 2)).Where(pair => pair.Length == 2)
            .Select(pair => pair[1].Trim()).Distinct().ToList();
        output.WriteLine(error.Status.Detail);
        cookies.Should().NotBeEmpty("the session and refresh cookies were sent to the token step");
        error.Status.Detail.Should().Contain("bad session");
        ShowsNone(rig.AllText() + "\n" + error.Status.Detail, cookies.Select((c, i) => ($"cookie {i}", c)).ToArray());
    }

    [Fact]
    public async Task A_name_the_program_marked_secret_is_never_shown()
    {
        const string name = "Secret-Name-Zqx";
        await using var rig = await FakeSandboxRig.StartAsync(new EmulatorOptions { UniqueNames = true });
        var inputs = ProviderRig.TokenInputs(name).Set("name", Values.Secret(name));
        var up = await rig.SessionAsync();
        var first = await up.CreateAsync(ApiToken, "first", inputs);

        // A second token of that name: refused by the sandbox (409) or by the leftover check, with advice that names it.
        var duplicate = await FailsAsync(() => up.CreateAsync(ApiToken, "second", inputs));
        // A create whose answers are lost: the final message names the call, and the verbose logs every attempt.
        rig.Fake.On("POST", TokensPath).Respond(FakeResponse.Json(500, $$"""{"errors":[{"message":"cannot create {{name}}"}]}"""));
        await rig.Control.DeleteTokenAsync(long.Parse(first.Id, CultureInfo.InvariantCulture));
        var lost = await FailsAsync(() => up.CreateAsync(ApiToken, "third", inputs));

        output.WriteLine(duplicate.Status.Detail);
        output.WriteLine(lost.Status.Detail);
        duplicate.Status.Detail.Should().Contain("create token \"***\"");
        lost.Status.Detail.Should().Contain("outcome unknown after 3 attempts");
        rig.AllText().Should().Contain("created token", "the debug line about the first create was written");
        ShowsNone(rig.AllText() + "\n" + duplicate.Status.Detail + "\n" + lost.Status.Detail, ("secret name", name));
    }

    [Fact]
    public async Task Control_characters_from_the_server_or_the_user_never_reach_a_message_or_a_log_line()
    {
        await using var rig = await FakeSandboxRig.StartAsync();
        var up = await rig.SessionAsync();
        var state = await up.CreateAsync(ApiToken, "ci", ProviderRig.TokenInputs("escape-token"));
        rig.Fake.On("GET", TokensPath).Respond(FakeResponse.Json(503, "{\"errors\":[{\"message\":\"down \\u001b[2J\\u001b]0;pwned\\u0007 \\b\\b\"}]}")
            with { Reason = "Service \u001b[31mUnavailable\u0007\b" });

        var refresh = await rig.SessionAsync(fromState: true);
        var listing = await FailsAsync(() => refresh.RefreshAsync(state));
        var import = await FailsAsync(() => refresh.ImportAsync(ApiToken, "x", "1\u001b[31m\u0007"));

        output.WriteLine(listing.Status.Detail);
        listing.Status.Detail.Should().Contain("list tokens failed");
        import.Status.Detail.Should().Contain("'1' is not an ApiToken id");
        rig.AllText().Should().NotContainAny("\u001b", "\u0007", "\b");
    }

    [Fact]
    public async Task CheckConfig_wraps_the_password_it_receives_unwrapped()
    {
        await using var rig = await FakeSandboxRig.StartAsync();
        var session = new EngineSession(await rig.Rig.LaunchAsync());
        await session.HandshakeAsync(rig.Rig.Engine.Address);

        var check = await session.CheckConfigAsync(rig.Config()); // the engine sends stack config here unwrapped

        ToPropertyMap(check.Inputs)["password"].IsSecret.Should().BeTrue();
        Google.Protobuf.JsonFormatter.Default.Format(check).Should().NotContain("\"password\": \"admin\"");
    }

    private static FakeResponse Echo(string @case, string form)
    {
        var padding = (int n) => new string('p', n);
        return @case switch
        {
            "JSON error quoting the form" => FakeResponse.Json(500, JsonSerializer.Serialize(new { errors = new[] { new { message = "rejected: " + form } } })),
            "the form as plain text" => FakeResponse.Text(500, "rejected: " + form),
            "form-encoded" => FakeResponse.Text(500, "rejected: username=admin&password=" + System.Net.WebUtility.UrlEncode(Password) + "&authType=0"),
            "HTML-escaped" => FakeResponse.Text(500, "<html><body>rejected: " + System.Net.WebUtility.HtmlEncode(form) + "</body></html>", "text/html"),
            // The password's start lands just before the snippet's 200-character cut (a body without an errors list).
            "straddling the 200-character cut" => FakeResponse.Text(500, padding(186) + " " + Password + " tail"),
            // ...and the errors list's 500-character cut.
            "straddling the 500-character cut" => FakeResponse.Json(500, JsonSerializer.Serialize(new { errors = new[] { new { message = padding(486) + " " + Password + " tail" } } })),
            "behind control characters" => FakeResponse.Text(500, "rejected: " + string.Join("\u0007", Password.ToCharArray())),
            _ => throw new ArgumentOutOfRangeException(nameof(@case)),
        };
    }

    private static ErrorResourceInitFailed InitFailed(RpcException error)
    {
        var status = Google.Rpc.Status.Parser.ParseFrom(error.Trailers.GetValueBytes("grpc-status-details-bin"));
        return status.Details.Should().ContainSingle().Subject.Unpack<ErrorResourceInitFailed>();
    }

    private void ShowsNone(string text, params (string Name, string Value)[] secrets)
    {
        var found = secrets.Select(s => SecretForms.FindIn(text, s.Value, s.Name)).OfType<string>().ToList();
        output.WriteLine($"scanned {text.Length:N0} characters for {secrets.Length} secret(s) in {SecretForms.Of(secrets[0].Value).Count} forms each");
        found.Should().BeEmpty();
    }
}
