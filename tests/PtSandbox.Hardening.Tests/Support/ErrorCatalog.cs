using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Grpc.Core;

namespace PtSandbox.Hardening.Tests.Support;

/// <summary>
/// What makes an error usable: one line, names the sandbox host and the call, a clean (non-"unknown") status.
/// Also collects the distinct messages users see (ports and ids normalised), printed once per run.
/// </summary>
public static partial class ErrorCatalog
{
    private static readonly ConcurrentDictionary<string, byte> Seen = new();

    /// <summary>Records a user-facing message; prints it (as a figure) the first time it is seen in this run.</summary>
    public static void Observe(string message, Figures figures)
    {
        var normalised = Normalise(message);
        if (Seen.TryAdd(normalised, 0)) figures.Print("user-facing error: " + normalised);
    }

    public static IReadOnlyList<string> Messages => Seen.Keys.Order(StringComparer.Ordinal).ToList();

    /// <param name="call">What the message must name: the sandbox call, or (any of several) the operation whose deadline passed.</param>
    public static void AssertClear(RpcException error, string hostPort, params string[] call)
    {
        var detail = error.Status.Detail;
        detail.Should().NotBeNullOrWhiteSpace();
        detail.Should().NotContainAny(["\n", "\r"], "the CLI prints `error: <message>` on one line");
        detail.Should().Contain(hostPort, "the user must know which sandbox failed");
        detail.Should().ContainAny(call, "the user must know which call failed");
        detail.Length.Should().BeLessThan(1200);
        error.StatusCode.Should().NotBe(StatusCode.Unknown, "Unknown tells the engine the state may be corrupt");
        error.StatusCode.Should().NotBe(StatusCode.Internal);
    }

    private static string Normalise(string message) =>
        Ids().Replace(Ports().Replace(message, "$1:PORT"), "$1N");

    [GeneratedRegex(@"(127\.0\.0\.[12]):\d+")]
    private static partial Regex Ports();

    [GeneratedRegex(@"(token |ids? |tokens )\d+")]
    private static partial Regex Ids();
}
