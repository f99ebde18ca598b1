using System.Text.Json.Nodes;
using ProviderHost.Resources;

namespace ProviderHost.Typed;

/// <summary>
/// A typed resource that can be listed (List, `pulumi do PKG RESOURCE list`): it declares its query as a
/// <c>[Properties]</c> record, whose generated <c>Shape</c> gives the schema's <c>listInputs</c> and decodes the
/// query (an unknown property, or a value of the wrong type, is an InvalidArgument error naming it). The host answers
/// a query with unknowns (`computed`) and refuses secret ones before the resource sees them, and pages the result.
/// Implement it on the resource class, e.g. in a partial file:
/// <c>partial class Widget : IListableResource&lt;WidgetListQuery&gt;</c>.
/// </summary>
public interface IListableResource<TQuery> : ICustomResource where TQuery : class
{
    /// <summary>The query's declaration: <c>TQuery.Shape</c>, generated from the record.</summary>
    ObjectShape<TQuery> ListQuery { get; }

    /// <summary>
    /// Every resource of this type that matches <paramref name="query"/>, in an order that stays the same between
    /// calls (the host pages by position). An id is what Read and `pulumi import` accept; a name is how the resource is
    /// known where it lives. Never a secret or anything derived from one: both are shown as plain text.
    /// </summary>
    Task<IReadOnlyList<ListedResource>> ListAsync(ListContext context, TQuery query, CancellationToken cancellationToken);

    JsonObject? ICustomResource.ListInputs => SchemaWriter.ListInputs(ListQuery);

    async Task<IReadOnlyList<ListedResource>?> ICustomResource.ListAsync(ListContext context, ListArgs args, CancellationToken cancellationToken)
    {
        var scope = new DecodeScope();
        var query = ListQuery.Read(args.Query, scope);
        if (scope.Failures.Count > 0)
            throw new ProviderException(
                $"the query to list {TypeTokens.Name(TypeToken)} resources is not valid: " + string.Join("; ", scope.Failures.Select(f => $"{f.Property}: {f.Reason}")),
                ProviderErrorKind.InvalidInput);
        return await ListAsync(context, query, cancellationToken);
    }
}
