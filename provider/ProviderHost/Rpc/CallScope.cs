using ProviderHost.Resources;

namespace ProviderHost.Rpc;

/// <summary>
/// The cancellation of one call: the client giving up or the engine's Cancel and, once started, the call's time
/// budget (the resource's customTimeouts, else the provider's operation timeout). One token source serves all three,
/// so a call pays for one, not one per layer. A timeout's message is put together only when it fires.
/// </summary>
internal sealed class CallScope(CancellationToken client, CancellationToken engine) : IDisposable
{
    private readonly CancellationTokenSource _cancellation = CancellationTokenSource.CreateLinkedTokenSource(client, engine);
    private bool _budgeted;
    private TimeSpan _limit;
    private string _limitSource = "";
    private string _operation = "";
    private ResourceContext? _resource;
    private string? _id;

    public CancellationToken Token => _cancellation.Token;

    /// <summary>The longest delay a timer holds (about 49.7 days); a longer budget is no bound at all.</summary>
    public static readonly TimeSpan LongestBudget = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>From now on the call is cancelled after <paramref name="limit"/> (never, beyond <see cref="LongestBudget"/>).</summary>
    /// <param name="limitSource">Where the limit comes from, as the message says it.</param>
    /// <param name="operation">The call as the message names it (with <paramref name="resource"/>: the operation on it).</param>
    public void StartBudget(TimeSpan limit, string limitSource, string operation, ResourceContext? resource = null, string? id = null)
    {
        if (limit > LongestBudget) return;
        (_limit, _limitSource, _operation, _resource, _id) = (limit, limitSource, operation, resource, id);
        _budgeted = true;
        _cancellation.CancelAfter(limit);
    }

    /// <summary>The rest of the call is not bounded by the budget (unless it already ran out).</summary>
    public void StopBudget()
    {
        if (_budgeted && !_cancellation.IsCancellationRequested) _cancellation.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    /// <summary>When the budget ran out (and neither the client nor the engine cancelled): what timed out, after how long, by whose limit.</summary>
    public (string What, TimeSpan Limit, string Source)? TimedOut =>
        _budgeted && _cancellation.IsCancellationRequested && !client.IsCancellationRequested && !engine.IsCancellationRequested
            ? (What(), _limit, _limitSource)
            : null;

    private string What() => _resource is { } resource
        ? $"{_operation} of {TypeTokens.Name(resource.Type)} \"{resource.Name}\"" + (string.IsNullOrEmpty(_id) ? "" : $" (id {_id})")
        : _operation;

    public void Dispose() => _cancellation.Dispose();
}
