namespace PtSandbox.Harness.Fakes;

/// <summary>
/// How <see cref="FakeSandbox"/> answers requests matching a method and path (see <see cref="FakeSandbox.On"/>): a fixed
/// or computed response, or the backend's answer rewritten. Takes part in matching once Respond or Forward is called.
/// </summary>
public sealed class FakeRule
{
    private readonly PathPattern _pattern;
    private readonly bool _hasBackend;
    private readonly Lock _lock = new();
    private int? _remaining;
    private int _served;
    private Func<FakeRequest, FakeResponse>? _respond;
    private Func<FakeRequest, FakeResponse, FakeResponse>? _rewrite;
    private bool _forward;

    internal FakeRule(PathPattern pattern, bool hasBackend)
    {
        _pattern = pattern;
        _hasBackend = hasBackend;
    }

    /// <summary>How many requests this rule has served so far.</summary>
    public int Served { get { lock (_lock) return _served; } }

    /// <summary>How many requests this rule serves; by default every matching request.</summary>
    public FakeRule Times(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock) _remaining = count;
        return this;
    }

    public FakeRule Once() => Times(1);

    public void Respond(FakeResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Respond(_ => response);
    }

    public void Respond(Func<FakeRequest, FakeResponse> respond)
    {
        ArgumentNullException.ThrowIfNull(respond);
        lock (_lock)
        {
            _respond = respond;
            _forward = false;
        }
    }

    /// <summary>
    /// Sends the request to the backend (method, path and query, headers including Cookie, body), then answers the
    /// client with the backend's response after <paramref name="rewrite"/>: a create really happens in the backend and
    /// the test mangles, delays, cuts or loses the answer.
    /// </summary>
    public void Forward(Func<FakeRequest, FakeResponse, FakeResponse>? rewrite = null)
    {
        if (!_hasBackend)
            throw new InvalidOperationException("this FakeSandbox was started without a backend, so there is nothing to forward to");
        lock (_lock)
        {
            _rewrite = rewrite;
            _respond = null;
            _forward = true;
        }
    }

    /// <summary>Takes one use when the rule is set up, matches and has uses left; the handler to run, else null.</summary>
    internal RuleAction? TryClaim(FakeRequest request)
    {
        if (!_pattern.Matches(request)) return null;
        lock (_lock)
        {
            if (_respond is null && !_forward) return null;
            if (_remaining is 0) return null;
            if (_remaining is { } left) _remaining = left - 1;
            _served++;
            return new RuleAction(_respond, _forward, _rewrite);
        }
    }
}

/// <summary>What a claimed rule does: respond, or forward and rewrite.</summary>
internal sealed record RuleAction(Func<FakeRequest, FakeResponse>? Respond, bool Forward, Func<FakeRequest, FakeResponse, FakeResponse>? Rewrite);
