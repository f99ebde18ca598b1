using PtSandbox.Emulator.Json;

namespace PtSandbox.Emulator.State;

/// <summary>
/// The tokens, behind one lock. Tokens are immutable records replaced on change, so a listing is a cheap
/// snapshot serialized outside the lock. Ids start at 1 and are never reused, not even after a reset.
/// </summary>
internal sealed class TokenStore
{
    private readonly object _gate = new();
    private readonly SortedDictionary<long, EmulatorToken> _tokens = new();
    private readonly string? _statePath;
    private readonly SandboxClock _clock;
    private long _nextId = 1;

    public TokenStore(string? statePath, SandboxClock clock)
    {
        _statePath = statePath;
        _clock = clock;
        if (statePath is not null && StateFile.Load(statePath) is { } loaded)
        {
            foreach (var token in loaded.Tokens)
                _tokens[token.Id] = token;
            _nextId = Math.Max(loaded.NextId, _tokens.Count == 0 ? 1 : _tokens.Keys.Max() + 1);
        }
    }

    public enum CreateOutcome { Created, NameTaken }

    public (CreateOutcome Outcome, EmulatorToken? Token) Create(
        string name, string? comment, IReadOnlyList<string> permissions, string creator, string secret, bool uniqueNames)
    {
        lock (_gate)
        {
            if (uniqueNames && _tokens.Values.Any(t => t.Deleted is null && t.Name == name))
                return (CreateOutcome.NameTaken, null);
            var token = new EmulatorToken(_nextId++, name, comment, permissions.ToArray(), creator, _clock.Now(),
                Modified: null, Deleted: null, EntryPoint: null, Key: Secrets.KeyOf(secret));
            _tokens[token.Id] = token;
            Persist();
            return (CreateOutcome.Created, token);
        }
    }

    public List<EmulatorToken> Snapshot(bool includeDeleted)
    {
        lock (_gate)
        {
            var list = new List<EmulatorToken>(_tokens.Count);
            foreach (var token in _tokens.Values)
            {
                if (includeDeleted || token.Deleted is null)
                    list.Add(token);
            }
            return list;
        }
    }

    /// <summary>Soft delete; false when the id is unknown or the token is already deleted.</summary>
    public bool SoftDelete(long id)
    {
        lock (_gate)
        {
            if (!_tokens.TryGetValue(id, out var token) || token.Deleted is not null)
                return false;
            _tokens[id] = token with { Deleted = _clock.Now() };
            Persist();
            return true;
        }
    }

    public EmulatorToken? Update(long id, Func<EmulatorToken, EmulatorToken> change)
    {
        lock (_gate)
        {
            if (!_tokens.TryGetValue(id, out var token))
                return null;
            var updated = change(token) with { Id = id };
            _tokens[id] = updated;
            Persist();
            return updated;
        }
    }

    public bool HardDelete(long id)
    {
        lock (_gate)
        {
            if (!_tokens.Remove(id))
                return false;
            Persist();
            return true;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _tokens.Clear();
            Persist();
        }
    }

    private void Persist()
    {
        if (_statePath is not null)
            StateFile.Save(_statePath, new PersistedState(_nextId, _tokens.Values.ToArray()));
    }
}
