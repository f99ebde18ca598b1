namespace PtSandbox.Emulator.State;

/// <summary>Pending faults in the order they were added; each one serves its next <c>Count</c> matching requests.</summary>
internal sealed class FaultQueue
{
    private sealed class Pending(Fault fault)
    {
        public Fault Fault { get; } = fault;
        public int Remaining { get; set; } = fault.Count;
    }

    private readonly object _gate = new();
    private readonly List<Pending> _pending = [];

    public void Add(Fault fault)
    {
        lock (_gate)
            _pending.Add(new Pending(fault));
    }

    public void Clear()
    {
        lock (_gate)
            _pending.Clear();
    }

    /// <summary>Takes one use of the first fault matching the request; null when none does.</summary>
    public Fault? Take(string method, string path, string? routeTemplate)
    {
        lock (_gate)
        {
            for (var i = 0; i < _pending.Count; i++)
            {
                var pending = _pending[i];
                if (!Matches(pending.Fault, method, path, routeTemplate))
                    continue;
                if (--pending.Remaining <= 0)
                    _pending.RemoveAt(i);
                return pending.Fault;
            }
            return null;
        }
    }

    private static bool Matches(Fault fault, string method, string path, string? routeTemplate) =>
        (fault.Method is null || string.Equals(fault.Method, method, StringComparison.OrdinalIgnoreCase))
        && (fault.Path is null
            || string.Equals(fault.Path, path, StringComparison.Ordinal)
            || (routeTemplate is not null && string.Equals(fault.Path, routeTemplate, StringComparison.Ordinal)));
}
