namespace PtSandbox.Emulator.State;

/// <summary>Counters behind <c>GET /_emulator/stats</c>.</summary>
internal sealed class RequestStats
{
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _requests = new(StringComparer.Ordinal);
    private int _logins;
    private int _bearersIssued;

    public void CountRequest(string methodAndRoute)
    {
        lock (_gate)
            _requests[methodAndRoute] = _requests.GetValueOrDefault(methodAndRoute) + 1;
    }

    public void CountLogin()
    {
        lock (_gate)
            _logins++;
    }

    public void CountBearer()
    {
        lock (_gate)
            _bearersIssued++;
    }

    public EmulatorStats Snapshot()
    {
        lock (_gate)
            return new EmulatorStats(_logins, _bearersIssued, new Dictionary<string, int>(_requests, StringComparer.Ordinal));
    }

    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
            _logins = 0;
            _bearersIssued = 0;
        }
    }
}
