using PtSandbox.Emulator;

namespace PtSandbox.Demo;

/// <summary>Turns the emulator's request counters into what a reader cares about: logins, lists, creates, deletes.</summary>
internal static class SandboxCalls
{
    private static readonly Dictionary<string, string> TokenRoutes = new()
    {
        ["GET /api/ui/public-api/tokens"] = "list",
        ["POST /api/ui/public-api/tokens"] = "create",
        ["DELETE /api/ui/public-api/tokens/{id}"] = "delete",
    };

    public static int Total(EmulatorStats stats) => stats.Requests.Values.Sum();

    /// <summary>e.g. "1 login (4 requests), 2 creates": the requests made between two snapshots.</summary>
    public static string Describe(EmulatorStats before, EmulatorStats after)
    {
        var parts = new List<string>();
        var logins = after.Logins - before.Logins;
        var loginRequests = after.Requests.Where(r => !TokenRoutes.ContainsKey(r.Key)).Sum(r => r.Value - before.Count(r.Key));
        if (logins > 0 || loginRequests > 0)
            parts.Add($"{logins} login{(logins == 1 ? "" : "s")} ({loginRequests} requests)");
        foreach (var (route, label) in TokenRoutes)
        {
            var n = after.Count(route) - before.Count(route);
            if (n > 0) parts.Add($"{n} {label}{(n == 1 ? "" : "s")}");
        }
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}
