using System.Globalization;

namespace ProviderHost.Rpc;

/// <summary>
/// How the host pages a listing for List. The continuation token is the position of the next result in the list
/// the resource returns (a decimal number, opaque to the engine), so a resource need not page itself; it must list in
/// an order that stays the same between calls. A resource created or deleted between two pages may shift the list:
/// a later page may then repeat or skip one result, never invent one.
/// </summary>
internal static class ListPaging
{
    /// <summary>Where a request starts: 0 for the first page, else the position its continuation token names.</summary>
    /// <returns>False when the token is not one this provider gives: not a positive decimal number.</returns>
    public static bool TryParseToken(string token, out int offset)
    {
        offset = 0;
        if (token.Length == 0) return true;
        if (!long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var position) || position < 1) return false;
        offset = (int)Math.Min(position, int.MaxValue);
        return true;
    }

    /// <summary>
    /// The results of one page: from <paramref name="offset"/>, at most <paramref name="pageSize"/> of them (less
    /// than 1: all), never beyond the first <paramref name="limit"/> of the list (less than 1: no limit; the limit
    /// caps the whole enumeration, as the engine's ListRequest says, so a later page gives at most what is left of
    /// it). <paramref name="next"/> is the token of the next page, or null when this page is the last.
    /// </summary>
    public static (int Start, int End) Page(int count, long limit, long pageSize, int offset, out string? next)
    {
        var end = limit >= 1 ? (int)Math.Min(count, limit) : count;
        var start = Math.Min(offset, end);
        var stop = pageSize >= 1 ? start + (int)Math.Min(end - start, pageSize) : end;
        next = stop < end ? stop.ToString(CultureInfo.InvariantCulture) : null;
        return (start, stop);
    }
}
