using System.Globalization;
using System.Text.RegularExpressions;
using ProviderHost.Typed;
using PtSandbox.Client;

namespace PtSandbox.Provider.ApiTokens;

/// <summary>An ApiToken's rotation policy: when the provider rotates the token by itself, and how long a rotated-out token stays valid.</summary>
[Properties(TypeToken = "ptsandbox:index:RotationPolicy",
    Description = "When the provider rotates a token by itself, and how long the token a rotation replaces stays valid. Durations are written in days, hours and minutes: `30d`, `720h`, `1d12h`, `90m`.")]
internal sealed partial record RotationPolicy
{
    private const string DurationHint = "a duration such as 30d, 720h, 1d12h or 90m";

    [Property(Description = "Rotate the token once it is this old, counted from its creation time in the sandbox: the first `pulumi up` from then on rotates it (a scheduled `pulumi up` is all it takes). `rotationDueAt` shows when.",
        Pattern = nameof(DurationShape), PatternHint = DurationHint)]
    public string? RotateAfter { get; init; }

    [Property(Description = "Rotate this much before `rotateAfter` is reached, so that a token never outlives `rotateAfter` when `pulumi up` runs at least this often (for example `7d` with a weekly scheduled run). Needs `rotateAfter`, and must be shorter.",
        Pattern = nameof(DurationShape), PatternHint = DurationHint)]
    public string? EarlyRotationWindow { get; init; }

    [Property(Description = "Keep the token a rotation replaces valid for this long after its successor is created, so consumers that pick up the new secret later never meet a revoked one. A rotation is then an in-place update: the new token is created, the old one is listed in `retiringTokens` and deleted by the first `pulumi up` (or `pulumi destroy`) after this time. Unset: a rotation replaces the resource, and the old token is deleted at the end of the same `pulumi up`.",
        Pattern = nameof(DurationShape), PatternHint = DurationHint)]
    public string? PreviousTokenLifetime { get; init; }

    // [0-9], not \d: \d matches every script's digits (１, ٣), which the parse below refuses.
    [GeneratedRegex(@"^(?=[0-9])([0-9]{1,5}d)?([0-9]{1,6}h)?([0-9]{1,7}m)?\z")]
    internal static partial Regex DurationShape();

    /// <summary>The longest duration any field takes: ten years.</summary>
    internal static readonly TimeSpan Longest = TimeSpan.FromDays(3650);

    internal TimeSpan? RotateAfterSpan => Duration(RotateAfter);
    internal TimeSpan? EarlyWindowSpan => Duration(EarlyRotationWindow);
    internal TimeSpan? GracePeriod => Duration(PreviousTokenLifetime);

    /// <summary>The duration <paramref name="text"/> writes, or null when it is absent or not one.</summary>
    internal static TimeSpan? Duration(string? text)
    {
        if (text is null || DurationShape().Match(text) is not { Success: true } match) return null;
        var total = TimeSpan.Zero;
        foreach (var group in match.Groups.Cast<Group>().Skip(1).Where(g => g.Success))
        {
            var amount = long.Parse(group.Value[..^1], NumberStyles.None, CultureInfo.InvariantCulture);
            total += group.Value[^1] switch { 'd' => TimeSpan.FromDays(amount), 'h' => TimeSpan.FromHours(amount), _ => TimeSpan.FromMinutes(amount) };
        }
        return total;
    }

    /// <summary>
    /// What is wrong with the policy beyond its fields' form, as (property path, reason) pairs. With
    /// <paramref name="rotateAfterKnown"/> false (a preview where rotateAfter is given but not known yet), the early
    /// window is not judged against it.
    /// </summary>
    internal IEnumerable<(string Field, string Reason)> Problems(bool rotateAfterKnown = true)
    {
        foreach (var (field, value) in new[] { ("rotateAfter", RotateAfterSpan), ("earlyRotationWindow", EarlyWindowSpan), ("previousTokenLifetime", GracePeriod) })
        {
            if (value == TimeSpan.Zero) yield return (field, "must be longer than zero");
            else if (value > Longest) yield return (field, "must be at most 3650d (ten years)");
        }
        if (!rotateAfterKnown) yield break;
        if (EarlyRotationWindow is not null && RotateAfter is null)
            yield return ("earlyRotationWindow", "needs rotateAfter: the window opens that long before rotateAfter is reached");
        else if (EarlyWindowSpan >= RotateAfterSpan)
            yield return ("earlyRotationWindow", $"must be shorter than rotateAfter ({RotateAfter})");
    }

    /// <summary>When a token created at <paramref name="createdAt"/> is due for rotation, or null when nothing schedules one.</summary>
    internal DateTimeOffset? DueAt(string? createdAt) =>
        RotateAfterSpan is { } after && UtcTimestamp.Parse(createdAt) is { } created ? Timestamps.Add(created, after) : null;

    /// <summary>The reason the token is to be rotated now, or null when it is not due yet.</summary>
    internal string? DueReason(string? createdAt, DateTimeOffset now)
    {
        if (DueAt(createdAt) is not { } due) return null;
        var from = due - (EarlyWindowSpan ?? TimeSpan.Zero);
        if (now < from) return null;
        var window = EarlyWindowSpan is null ? "" : $", and the early rotation window of {EarlyRotationWindow} opened at {UtcTimestamp.Format(from)}";
        return $"it was created at {createdAt}, so rotateAfter {RotateAfter} makes it due at {UtcTimestamp.Format(due)}{window}";
    }

    /// <summary>Two policies that rotate alike: absent and empty are the same, as are 30d and 720h.</summary>
    internal static bool SameEffect(RotationPolicy? a, RotationPolicy? b) =>
        a?.RotateAfterSpan == b?.RotateAfterSpan && a?.EarlyWindowSpan == b?.EarlyWindowSpan && a?.GracePeriod == b?.GracePeriod;
}

/// <summary>The rotation policy's arithmetic on times: durations as it writes them, and adding one to a time without overflowing.</summary>
internal static class Timestamps
{
    /// <summary>A duration as the policy writes them, to the nearest minute: <c>2d</c>, <c>1d2h</c>, <c>3h5m</c>, <c>0m</c>.</summary>
    public static string Describe(TimeSpan span)
    {
        span = TimeSpan.FromMinutes(Math.Round(span.TotalMinutes));
        var text = (span.Days > 0 ? $"{span.Days}d" : "") + (span.Hours > 0 ? $"{span.Hours}h" : "") + (span.Minutes > 0 ? $"{span.Minutes}m" : "");
        return text.Length > 0 ? text : "0m";
    }

    /// <summary><paramref name="time"/> plus <paramref name="span"/> (not negative), or the last representable time: a sandbox may date a token at 9999-12-31.</summary>
    public static DateTimeOffset Add(DateTimeOffset time, TimeSpan span) =>
        span > DateTimeOffset.MaxValue - time ? DateTimeOffset.MaxValue : time + span;
}
