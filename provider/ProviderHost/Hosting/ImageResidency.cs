using System.Globalization;
using System.Runtime.InteropServices;

namespace ProviderHost.Hosting;

/// <summary>
/// Lets the kernel drop the read-only data pages of the plugin's own binary from its resident set once the server
/// has started. Start-up reads most of them (the compressed type data it expands, among others), and the kernel maps
/// the pages around each one read; serving calls needs a fraction of them. Only read-only mappings of the executable
/// that hold no private copy of a page are released: their pages are the file's, and one needed again is mapped
/// back from the page cache.
/// </summary>
internal static partial class ImageResidency
{
    private const int MadviseDontNeed = 4;

    public static void Release()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            var executable = Environment.ProcessPath;
            if (executable is null) return;
            foreach (var (start, length) in ReleasableMappings(File.ReadLines("/proc/self/smaps"), executable))
                _ = Madvise((nint)start, (nuint)length, MadviseDontNeed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            // Nothing released: the process only stays larger.
        }
    }

    /// <summary>The read-only data mappings of <paramref name="executable"/> in <paramref name="smaps"/> without a private copy of any page.</summary>
    internal static IEnumerable<(ulong Start, ulong Length)> ReleasableMappings(IEnumerable<string> smaps, string executable)
    {
        (ulong Start, ulong Length)? candidate = null;
        foreach (var line in smaps)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 5 && fields[0].Contains('-') && !fields[0].EndsWith(':'))
            {
                // A mapping's header: "start-end perms offset dev inode [path]".
                candidate = null;
                var path = fields.Length >= 6 ? string.Join(' ', fields[5..]) : "";
                // Read-only data only: code pages would be mapped back by the next calls, at a cost.
                if (path != executable || fields[1] != "r--p") continue;
                var range = fields[0].Split('-');
                var start = ulong.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var end = ulong.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                candidate = (start, end - start);
            }
            else if (candidate is { } mapping && fields.Length >= 2 && fields[0] == "Anonymous:")
            {
                // A page the loader relocated is a private copy: releasing it would lose the relocation.
                if (fields[1] == "0") yield return mapping;
                candidate = null;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(nint address, nuint length, int advice);
}
