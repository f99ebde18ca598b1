namespace PtSandbox.Emulator.State;

/// <summary>
/// The login flow's state: authorize states (state → fingerprint), sessions (cookie → user),
/// refresh tokens (cookie → user + fingerprint) and bearers (token → user + expiry). One lock.
/// </summary>
internal sealed class AuthStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, string> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string User, string Fingerprint)> _refreshTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string User, DateTime ExpiresUtc)> _bearers = new(StringComparer.Ordinal);
    private readonly List<string> _issuedBearers = [];

    public string NewState(string fingerprint)
    {
        var state = Secrets.Random(24);
        lock (_gate)
            _states[state] = fingerprint;
        return state;
    }

    public string NewSession(string user)
    {
        var session = Secrets.Random(32);
        lock (_gate)
            _sessions[session] = user;
        return session;
    }

    public string? SessionUser(string? session)
    {
        if (session is null)
            return null;
        lock (_gate)
            return _sessions.GetValueOrDefault(session);
    }

    /// <summary>Consumes an authorize state and issues a refresh token bound to its fingerprint; null if unknown.</summary>
    public string? RedeemState(string state, string user)
    {
        lock (_gate)
        {
            if (!_states.Remove(state, out var fingerprint))
                return null;
            var refresh = Secrets.Random(32);
            _refreshTokens[refresh] = (user, fingerprint);
            return refresh;
        }
    }

    public (string User, string Fingerprint)? RefreshToken(string? refresh)
    {
        if (refresh is null)
            return null;
        lock (_gate)
            return _refreshTokens.TryGetValue(refresh, out var entry) ? entry : null;
    }

    public string NewBearer(string user, TimeSpan ttl)
    {
        var bearer = Secrets.Random(32);
        lock (_gate)
        {
            _bearers[bearer] = (user, DateTime.UtcNow + ttl);
            _issuedBearers.Add(bearer);
        }
        return bearer;
    }

    /// <summary>Every bearer issued, revoked and expired ones included; reset and revocation keep them.</summary>
    public IReadOnlyList<string> IssuedBearers()
    {
        lock (_gate)
            return _issuedBearers.ToArray();
    }

    /// <summary>The user of a valid, unexpired bearer; null otherwise.</summary>
    public string? BearerUser(string bearer)
    {
        lock (_gate)
        {
            if (!_bearers.TryGetValue(bearer, out var entry))
                return null;
            if (DateTime.UtcNow >= entry.ExpiresUtc)
            {
                _bearers.Remove(bearer);
                return null;
            }
            return entry.User;
        }
    }

    public void RevokeBearers()
    {
        lock (_gate)
            _bearers.Clear();
    }

    public void Clear()
    {
        lock (_gate)
        {
            _states.Clear();
            _sessions.Clear();
            _refreshTokens.Clear();
            _bearers.Clear();
        }
    }
}
