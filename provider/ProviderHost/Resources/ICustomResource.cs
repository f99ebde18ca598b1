using System.Text.Json.Nodes;
using ProviderHost.Values;

namespace ProviderHost.Resources;

/// <summary>
/// One custom resource type the provider manages. The host validates nothing itself: it decodes the request,
/// waits for Configure, calls these methods with the call's cancellation token and encodes the result.
/// </summary>
public interface ICustomResource
{
    /// <summary>The type token, e.g. <c>pkg:index:Thing</c>.</summary>
    string TypeToken { get; }

    /// <summary>The resource's entry under <c>resources</c> in the package schema.</summary>
    JsonObject Schema { get; }

    /// <summary>
    /// Asks the engine (one that supports it) to refresh this resource at the start of every update, so a resource
    /// changed or deleted outside Pulumi is seen by a plain `pulumi up`: set on every create, read and update result.
    /// </summary>
    bool RefreshBeforeUpdate => false;

    /// <summary>Check honours <see cref="CheckArgs.Autonaming"/>; the host then tells the engine it may send it.</summary>
    bool HonoursAutonaming => false;

    Task<CheckResult> CheckAsync(ResourceContext context, CheckArgs args, CancellationToken cancellationToken);
    Task<DiffResult> DiffAsync(ResourceContext context, DiffArgs args, CancellationToken cancellationToken);
    Task<CreateResult> CreateAsync(ResourceContext context, CreateArgs args, CancellationToken cancellationToken);
    Task<ReadResult> ReadAsync(ResourceContext context, ReadArgs args, CancellationToken cancellationToken);
    Task<UpdateResult> UpdateAsync(ResourceContext context, UpdateArgs args, CancellationToken cancellationToken);
    Task DeleteAsync(ResourceContext context, DeleteArgs args, CancellationToken cancellationToken);

    /// <summary>
    /// The query List takes, written as the resource's <c>listInputs</c> in the schema (an object type spec like
    /// <c>inputProperties</c>: <c>properties</c>, <c>required</c>; <c>{}</c> for no filter). Null (the default): the
    /// resource cannot be listed; the schema has no <c>listInputs</c> and List answers UNIMPLEMENTED.
    /// </summary>
    JsonObject? ListInputs => null;

    /// <summary>
    /// List (resource discovery): every resource of this type the configured provider sees that matches the query,
    /// in an order that stays the same from one call to the next (the host pages through the list by position,
    /// applying the engine's limit and page size, so a resource returns the whole list). Results carry an id and a
    /// name only, never a secret (see <see cref="ListedResource"/>). Null (the default): the resource cannot be
    /// listed (UNIMPLEMENTED). Bounded by the provider's operation timeout; exceptions are mapped as for any call.
    /// </summary>
    Task<IReadOnlyList<ListedResource>?> ListAsync(ListContext context, ListArgs args, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ListedResource>?>(null);
}

/// <summary>Parts of a type token <c>pkg:module:Name</c>.</summary>
public static class TypeTokens
{
    /// <summary>The last segment: <c>ApiToken</c> for <c>ptsandbox:index:ApiToken</c>.</summary>
    public static string Name(string typeToken) => typeToken[(typeToken.LastIndexOf(':') + 1)..];
}

/// <summary>A provider function (invoke), e.g. <c>pkg:index:getThings</c>.</summary>
public interface IProviderFunction
{
    string TypeToken { get; }

    /// <summary>The function's entry under <c>functions</c> in the package schema.</summary>
    JsonObject Schema { get; }

    Task<InvokeResult> InvokeAsync(PropertyMap args, bool preview, CancellationToken cancellationToken);
}

/// <summary>The provider's own configuration: CheckConfig, DiffConfig and Configure.</summary>
public interface IProviderConfiguration
{
    CheckResult CheckConfig(PropertyMap olds, PropertyMap news);

    DiffResult DiffConfig(PropertyMap oldOutputs, PropertyMap oldInputs, PropertyMap news);

    /// <summary>Applies the configuration. Throws <see cref="MissingConfigurationException"/> for missing keys.</summary>
    Task ConfigureAsync(PropertyMap args, CancellationToken cancellationToken);
}
