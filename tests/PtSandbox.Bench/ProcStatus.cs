using System.Globalization;

namespace PtSandbox.Bench;

/// <summary>Reads a live process's memory figures from <c>/proc/PID/status</c> (Linux).</summary>
internal static class ProcStatus
{
    /// <summary>Peak resident set size (VmHWM) in bytes.</summary>
    public static long PeakRssBytes(int pid) => Field(pid, "VmHWM:");

    /// <summary>Resets the peak resident set size (VmHWM) to the resident set now: writing 5 to
    /// <c>/proc/PID/clear_refs</c> (Linux 4.0 and later, for a process of the same user).</summary>
    public static void ResetPeakRss(int pid) => File.WriteAllText($"/proc/{pid}/clear_refs", "5");

    /// <summary>Resident set size now (VmRSS) in bytes.</summary>
    public static long RssBytes(int pid) => Field(pid, "VmRSS:");

    /// <summary>Resident memory now, split into file-backed pages (the binary's code and data) and anonymous ones
    /// (heap, stacks, rehydrated data), in bytes.</summary>
    public static (long File, long Anon) RssSplit(int pid) => (Field(pid, "RssFile:"), Field(pid, "RssAnon:"));

    /// <summary>CPU time the process's threads have run so far, in milliseconds (the sum of
    /// <c>/proc/PID/task/*/schedstat</c>, in nanoseconds: finer than the clock ticks of <c>/proc/PID/stat</c>).
    /// Threads that ended are not counted, so read it around work on a warm process.</summary>
    public static double CpuMs(int pid)
    {
        long total = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var first = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ', 2)[0];
                total += long.Parse(first, NumberStyles.None, CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The thread ended in between.
            }
        }
        return total / 1e6;
    }

    /// <summary>Minor page faults of the process so far (field 10 of <c>/proc/PID/stat</c>): each a page the process
    /// touched for the first time, or again after the kernel took it back. On a virtual machine each one is costly
    /// (about 15 µs on the machines this benchmark was written on), so they explain much of a fresh process's CPU.</summary>
    public static long MinorFaults(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) may hold spaces and parentheses: the fields that follow start after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>Threads of the process now.</summary>
    public static int Threads(int pid) => Directory.EnumerateDirectories($"/proc/{pid}/task").Count();

    private static long Field(int pid, string name)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal)) continue;
            var parts = line[name.Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[1] == "kB" && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
                return kb * 1024;
            throw new FormatException($"unexpected /proc/{pid}/status line: {line}");
        }
        throw new InvalidOperationException($"/proc/{pid}/status has no {name} line");
    }
}
