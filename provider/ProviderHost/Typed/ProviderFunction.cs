using System.Text.Json.Nodes;
using ProviderHost.Resources;
using ProviderHost.Values;

namespace ProviderHost.Typed;

/// <summary>What the generator derives from a function's declaration.</summary>
public sealed record FunctionShapes<TArgs, TResult>(string TypeToken, string? Description, ObjectShape<TArgs> Args, ObjectShape<TResult> Result);

/// <summary>
/// A provider function declared as typed arguments and result. When any argument was secret, every result property
/// is secret (what it found may reveal the argument).
/// </summary>
public abstract class ProviderFunction<TArgs, TResult> : IProviderFunction where TArgs : class where TResult : class
{
    protected abstract FunctionShapes<TArgs, TResult> Shapes { get; }

    public string TypeToken => Shapes.TypeToken;

    public JsonObject Schema => SchemaWriter.Function(Shapes.Description, Shapes.Args, Shapes.Result);

    protected abstract Task<TResult> InvokeAsync(TArgs args, bool preview, CancellationToken cancellationToken);

    async Task<InvokeResult> IProviderFunction.InvokeAsync(PropertyMap args, bool preview, CancellationToken cancellationToken)
    {
        var scope = new DecodeScope();
        var typed = Shapes.Args.Read(args, scope);
        if (scope.Failures.Count > 0) return new InvokeResult(PropertyMap.Empty, scope.Failures);
        // An unknown argument (a preview) is not an absent one: answering as if it were would list what it filters.
        if (scope.UnknownPaths.Count > 0)
            return new InvokeResult(PropertyMap.Empty, [.. scope.UnknownPaths.Order(StringComparer.Ordinal)
                .Select(path => new CheckFailure(path, "not known yet (it depends on outputs of other resources)"))]);
        var result = Shapes.Result.Write(await InvokeAsync(typed, preview, cancellationToken));
        if (args.Values.Any(v => v.ContainsSecret()))
            result = PropertyMap.From(result.Select(kv => KeyValuePair.Create(kv.Key, PropertyValue.Secret(kv.Value))));
        return new InvokeResult(result, []);
    }
}
