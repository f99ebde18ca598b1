extern alias testing;

using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Core;
using ProviderHost.Resources;
using ProviderHost.Tests.TestResources;
using ProviderHost.Values;
using testing::Pulumirpc;
using static ProviderHost.Values.PropertyMarshaller;
using Empty = Google.Protobuf.WellKnownTypes.Empty;

namespace ProviderHost.Tests.Host;

/// <summary>Which code a call reaches, with what: dispatch by type token, the plugin-level calls, the schema.</summary>
public class DispatchTests : HostTest
{
    [Fact]
    public async Task An_unknown_resource_type_or_function_is_InvalidArgument_naming_what_the_provider_has()
    {
        var session = await Test.ConfiguredSessionAsync();

        var check = () => session.CheckAsync("test:index:Nope", "x", PropertyMap.Empty, PropertyMap.Empty);
        var error = (await check.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().Contain("'test:index:Nope'").And.Contain("'test:index:Widget'").And.Contain("'test:index:Probe'")
            .And.Contain($"test {TestProvider.Version}");

        var invoke = () => session.InvokeAsync("test:index:getNopes", PropertyMap.Empty);
        error = (await invoke.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().Contain("'test:index:getNopes'").And.Contain("'test:index:getWidgets'");

        (await Client.GetPluginInfoAsync(new Empty())).Version.Should().Be(TestProvider.Version, "the provider keeps serving");
    }

    [Fact]
    public async Task A_call_reaches_the_resource_of_its_type_with_its_URN_and_name_also_when_only_the_URN_names_the_type()
    {
        var contexts = new List<ResourceContext>();
        Test.Probe.Check = (context, args, _) =>
        {
            lock (contexts) contexts.Add(context);
            return Task.FromResult(CheckResult.Valid(args.News));
        };
        await Test.ConfiguredSessionAsync();

        await Client.CheckAsync(Check("named", PropertyMap.Empty));
        await Client.CheckAsync(Check("unnamed", PropertyMap.Empty).Also(r => { r.Type = ""; r.Name = ""; }));

        contexts.Select(c => (c.Urn, c.Name, c.Type)).Should().Equal(
            (Urn(Probe.Type, "named"), "named", Probe.Type),
            (Urn(Probe.Type, "unnamed"), "unnamed", Probe.Type));
        Test.Widget.Existing.Should().BeEmpty();
    }

    [Fact]
    public async Task The_operation_arguments_reach_the_resource_preview_included()
    {
        var seen = new List<string>();
        Test.Probe.Create = (_, args, _) =>
        {
            seen.Add($"create {args.Preview}");
            return Task.FromResult(new CreateResult(args.Preview ? "" : "p", args.Properties));
        };
        Test.Probe.Update = (_, args, _) =>
        {
            seen.Add($"update {args.Id} {args.Preview} {args.OldOutputs["v"].StringValue}>{args.News["v"].StringValue}");
            return Task.FromResult(new UpdateResult(args.News));
        };
        Test.Probe.Read = (_, args, _) =>
        {
            seen.Add($"read {args.Id} import={args.IsImport}");
            return Task.FromResult(new ReadResult(args.Id, args.OldOutputs, args.OldInputs));
        };
        Test.Probe.Delete = (_, args, _) =>
        {
            seen.Add($"delete {args.Id} {args.OldOutputs["v"].StringValue}");
            return Task.CompletedTask;
        };
        await Test.ConfiguredSessionAsync();
        var olds = ToStruct(Props.Map(("v", "1")));
        var news = ToStruct(Props.Map(("v", "2")));
        var urn = Urn(Probe.Type, "p");

        await Client.CreateAsync(Create("p", Props.Map(("v", "1")), timeout: 90, preview: true));
        await Client.CreateAsync(Create("p", Props.Map(("v", "1"))));
        await Client.UpdateAsync(new UpdateRequest { Id = "p", Urn = urn, Type = Probe.Type, Olds = olds, OldInputs = olds, News = news, Timeout = 30, Preview = true });
        await Client.ReadAsync(new ReadRequest { Id = "p", Urn = urn, Type = Probe.Type, Properties = news, Inputs = news, Timeout = 5 });
        await Client.ReadAsync(new ReadRequest { Id = "p", Urn = urn, Type = Probe.Type });
        await Client.DeleteAsync(new DeleteRequest { Id = "p", Urn = urn, Type = Probe.Type, Properties = olds, OldInputs = olds, Timeout = 600 });

        seen.Should().Equal("create True", "create False", "update p True 1>2", "read p import=False", "read p import=True", "delete p 1");
    }

    [Theory]
    [InlineData(2000 * 3600.0)]
    [InlineData(1e300)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(-5)]
    public async Task A_customTimeouts_longer_than_a_timer_can_hold_or_not_a_duration_leaves_the_operation_running(double seconds)
    {
        CancellationToken seen = default;
        Test.Probe.Delete = (_, _, ct) =>
        {
            seen = ct;
            return Task.CompletedTask;
        };
        await Test.ConfiguredSessionAsync();

        await Client.DeleteAsync(new DeleteRequest { Id = "7", Urn = Urn(Probe.Type, "long"), Type = Probe.Type, Timeout = seconds });

        seen.CanBeCanceled.Should().BeTrue("the engine's Cancel still reaches the operation");
        seen.IsCancellationRequested.Should().BeFalse();
    }

    [Fact]
    public async Task The_host_ends_an_operation_at_its_customTimeouts_with_a_one_line_timeout()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Test.Probe.Delete = async (_, _, ct) =>
        {
            using var registration = ct.Register(() => cancelled.TrySetResult());
            await Task.Delay(Timeout.Infinite, ct);
        };
        await Test.ConfiguredSessionAsync();

        var delete = () => Client.DeleteAsync(new DeleteRequest { Id = "7", Urn = Urn(Probe.Type, "slow"), Type = Probe.Type, Timeout = 1 }).ResponseAsync;

        var error = (await delete.Should().ThrowAsync<RpcException>()).Which;
        error.Status.Should().Be(new Status(StatusCode.DeadlineExceeded,
            "Test service: delete of Probe \"slow\" (id 7) timed out after 1 s (the resource's customTimeouts)"));
        cancelled.Task.IsCompleted.Should().BeTrue("the resource's token fired at the deadline");
    }

    [Fact]
    public async Task Without_customTimeouts_the_providers_operation_timeout_bounds_a_call_and_the_message_names_the_service()
    {
        await using var test = await TestProvider.StartAsync(operationTimeout: TimeSpan.FromSeconds(1));
        test.Probe.Read = async (_, _, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return ReadResult.Gone;
        };
        await test.ConfiguredSessionAsync();

        var read = () => test.Provider.Client.ReadAsync(new ReadRequest { Id = "7", Urn = Urn(Probe.Type, "slow"), Type = Probe.Type }).ResponseAsync;

        (await read.Should().ThrowAsync<RpcException>()).Which.Status.Should().Be(new Status(StatusCode.DeadlineExceeded,
            "Test service: read of Probe \"slow\" (id 7) timed out after 1 s (the test's operation timeout)"));
    }

    [Fact]
    public async Task A_domain_exception_is_mapped_by_the_definition_into_a_clean_status()
    {
        Test.Probe.Create = (_, _, _) => throw new TestProvider.ServiceDownException("the widget service is down");
        await Test.ConfiguredSessionAsync();

        var create = () => Client.CreateAsync(Create("p", Props.Map(("v", "1")))).ResponseAsync;

        (await create.Should().ThrowAsync<RpcException>()).Which.Status.Should().Be(new Status(StatusCode.Unavailable, "the widget service is down"));
    }

    [Fact]
    public async Task A_resource_declared_RefreshBeforeUpdate_marks_every_result_and_one_that_is_not_marks_none()
    {
        await Test.ConfiguredSessionAsync();
        var urn = Urn(Widget.Type, "w");
        var inputs = ToStruct(Props.Map(("name", "w"), ("size", 1)));
        var resized = ToStruct(Props.Map(("name", "w"), ("size", 2)));

        var created = await Client.CreateAsync(new CreateRequest { Urn = urn, Name = "w", Type = Widget.Type, Properties = inputs });
        var read = await Client.ReadAsync(new ReadRequest { Id = created.Id, Urn = urn, Type = Widget.Type, Properties = created.Properties, Inputs = inputs });
        var updated = await Client.UpdateAsync(new UpdateRequest { Id = created.Id, Urn = urn, Type = Widget.Type, Olds = created.Properties, OldInputs = inputs, News = resized });
        var probed = await Client.CreateAsync(Create("p", Props.Map(("v", "1"))));

        (created.RefreshBeforeUpdate, read.RefreshBeforeUpdate, updated.RefreshBeforeUpdate).Should().Be((true, true, true));
        probed.RefreshBeforeUpdate.Should().BeFalse();
    }

    [Fact]
    public async Task Invoke_reaches_the_function_of_its_token()
    {
        var session = await Test.ConfiguredSessionAsync();
        await session.CreateAsync(Widget.Type, "a", Props.Map(("name", "beta")));
        await session.CreateAsync(Widget.Type, "b", Props.Map(("name", "alpha")));

        var result = await session.InvokeAsync("test:index:getWidgets", PropertyMap.Empty);

        result.Failures.Should().BeEmpty();
        ToPropertyMap(result.Return)["names"].Should().Be(PropertyValue.FromStrings(["alpha", "beta"]));
    }

    [Fact]
    public async Task Handshake_GetPluginInfo_and_Configure_answer_for_the_definition()
    {
        var handshake = await Client.HandshakeAsync(new ProviderHandshakeRequest { EngineAddress = Test.Provider.EngineAddress });
        handshake.AcceptSecrets.Should().BeTrue();
        handshake.AcceptResources.Should().BeTrue();
        handshake.AcceptOutputs.Should().BeFalse();
        handshake.SupportsAutonamingConfiguration.Should().BeFalse("no resource of this provider declares AutoName, so none honours the stack's autonaming");

        (await Client.GetPluginInfoAsync(new Empty())).Version.Should().Be(TestProvider.Version);

        var configured = await Test.Session().ConfigureFromStateAsync(Props.Map(("region", "north")));
        configured.AcceptSecrets.Should().BeTrue();
        configured.AcceptResources.Should().BeTrue();
        configured.SupportsPreview.Should().BeTrue();
        configured.SupportsAutonamingConfiguration.Should().BeFalse();
        Test.Configuration.Configured!.Equals(Props.Map(("region", "north"))).Should().BeTrue();
    }

    [Fact]
    public async Task Methods_a_CRUD_provider_does_not_implement_answer_UNIMPLEMENTED()
    {
        var empty = Marshallers.Create((Empty e) => e.ToByteArray(), Empty.Parser.ParseFrom);
        foreach (var name in new[] { "Construct", "Call", "Parameterize", "GetMapping", "GetMappings" })
        {
            var method = new Method<Empty, Empty>(MethodType.Unary, "pulumirpc.ResourceProvider", name, empty, empty);
            var act = async () => await Test.Provider.CallInvoker.AsyncUnaryCall(method, null, new CallOptions(), new Empty());
            (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unimplemented, name);
        }
        (await Client.GetPluginInfoAsync(new Empty())).Version.Should().NotBeEmpty();
    }

    [Fact]
    public async Task GetSchema_assembles_the_package_spec_with_every_resource_and_function_and_the_version()
    {
        var schema = JsonNode.Parse((await Client.GetSchemaAsync(new GetSchemaRequest())).Schema)!.AsObject();

        schema["name"]!.GetValue<string>().Should().Be("test");
        schema["version"]!.GetValue<string>().Should().Be(TestProvider.Version);
        schema["resources"]!.AsObject().Select(r => r.Key).Should().Equal(Probe.Type, Widget.Type);
        JsonNode.DeepEquals(schema["resources"]![Widget.Type], ProviderHost.Schema.PackageSchema.ResourceEntry(Test.Widget)).Should().BeTrue();
        schema["functions"]!.AsObject().Select(f => f.Key).Should().Equal("test:index:getWidgets");
    }

    [Fact]
    public async Task A_subpackage_schema_is_refused_by_a_package_without_parameters()
    {
        var act = async () => await Client.GetSchemaAsync(new GetSchemaRequest { SubpackageName = "sub" });

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().Contain("'sub'");
    }
}

internal static class RequestTweaks
{
    /// <summary>Changes a message in place and hands it on, for one-off tweaks of a request built by a helper.</summary>
    public static T Also<T>(this T message, Action<T> change)
    {
        change(message);
        return message;
    }
}
