namespace PtSandbox.Emulator;

/// <param name="Requests">Request counts keyed by "METHOD /route/template"; control requests are not counted.</param>
public sealed record EmulatorStats(int Logins, int BearersIssued, IReadOnlyDictionary<string, int> Requests)
{
    public int Count(string methodAndRoute) => Requests.TryGetValue(methodAndRoute, out var n) ? n : 0;
}
