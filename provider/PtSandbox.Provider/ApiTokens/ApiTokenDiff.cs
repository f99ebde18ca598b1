using ProviderHost.Resources;
using ProviderHost.Values;

namespace PtSandbox.Provider.ApiTokens;

/// <summary>
/// Diff for ApiToken. The sandbox cannot edit a token, so every change is a replacement; the default
/// create-before-delete order means the new secret exists before the old one is revoked.
/// </summary>
internal static class ApiTokenDiff
{
    public static DiffResult Compute(PropertyMap olds, PropertyMap news)
    {
        var changes = new Dictionary<string, PropertyDiff>();
        foreach (var key in Props.Inputs)
        {
            var (old, @new) = (olds.Find(key)?.Unsecret(), news.Find(key)?.Unsecret());
            if (!Changed(key, olds, news, old, @new)) continue;
            var kind = old is null ? PropertyDiffKind.AddReplace
                : @new is null ? PropertyDiffKind.DeleteReplace
                : PropertyDiffKind.UpdateReplace;
            changes[key] = new PropertyDiff(kind);
        }
        if (changes.Count == 0) return DiffResult.NoChanges;
        var keys = changes.Keys.ToList();
        return new DiffResult(DiffChanges.Some, keys, keys, changes);
    }

    private static bool Changed(string key, PropertyMap olds, PropertyMap news, PropertyValue? old, PropertyValue? @new)
    {
        if (@new is not null && @new.ContainsComputed()) return true; // preview: assume the worst
        return key switch
        {
            Props.Permissions => !SamePermissions(ApiTokenInputs.Strings(old), ApiTokenInputs.Strings(@new)),
            Props.Comment => ApiTokenInputs.CommentOf(olds) != ApiTokenInputs.CommentOf(news),
            Props.RotationTriggers => !SameTriggers(ApiTokenInputs.Triggers(olds), ApiTokenInputs.Triggers(news)),
            _ => !Equals(old, @new),
        };
    }

    /// <summary>Permissions are a set: order does not matter.</summary>
    public static bool SamePermissions(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.Count == b.Count && new HashSet<string>(a, StringComparer.Ordinal).SetEquals(b);

    private static bool SameTriggers(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
