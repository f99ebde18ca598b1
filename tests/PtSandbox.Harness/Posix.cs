using System.Runtime.InteropServices;

namespace PtSandbox.Harness;

internal static class Posix
{
    public const int SIGINT = 2;

    // The engine stops plugins with SIGINT; .NET's Process has no way to send it.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);
}
