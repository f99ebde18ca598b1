namespace PtSandbox.Client.Tokens;

/// <summary>Mutable state shared by the attempts of one create call.</summary>
internal sealed class CreateAttempts(NewToken request, string call, IReadOnlySet<long>? knownIds)
{
    public NewToken Request { get; } = request;

    public string Call { get; } = call;

    /// <summary>Ids listed before the latest attempt: a token among them cannot be that attempt's work.</summary>
    public IReadOnlySet<long>? KnownIds { get; set; } = knownIds;

    /// <summary>Server time (minus slack) when the latest attempt was sent.</summary>
    public DateTimeOffset LatestStartedAt { get; set; }

    public CreateOutcome? LatestOutcome { get; set; }

    public int Count { get; set; }

    /// <summary>
    /// True from the moment a request is handed to the network until its outcome is known or reconciled: while it
    /// holds, the sandbox may have a token from this call that nobody has the secret of.
    /// </summary>
    public bool MayHaveLanded { get; set; }
}
