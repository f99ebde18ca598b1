using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace PtSandbox.Provider.Configuration;

/// <summary>
/// Reads the file a <c>caCertificate</c> path names: a regular file only (a symlink to one is fine), at most
/// <see cref="MaxBytes"/>. Opening a FIFO for reading blocks until a writer appears and a device such as /dev/zero
/// never ends, so neither is ever read. Problems are <see cref="FormatException"/>s worded for the user.
/// </summary>
internal static partial class CaCertificateFile
{
    /// <summary>Far more than any CA bundle (the system's whole bundle is about 200 kB).</summary>
    public const int MaxBytes = 1024 * 1024;

    public const string MaxSize = "1 MiB";

    private const string NotAnExistingFile = "is neither PEM text (-----BEGIN CERTIFICATE-----) nor the path of an existing file";

    public static string Read(string path)
    {
        if (path.Contains('\0'))
            throw new FormatException(NotAnExistingFile);
        return OperatingSystem.IsLinux() ? ReadOnLinux(path) : ReadElsewhere(path);
    }

    /// <summary>
    /// .NET has no public API for a file's type (dotnet/runtime#85148), so statx(2) tells it: first by path, so a
    /// FIFO or device is never opened, then on the open descriptor, in case the path changed in between. The open
    /// itself is non-blocking, so even a FIFO swapped in at that moment cannot hang it.
    /// </summary>
    private static string ReadOnLinux(string path)
    {
        if (Statx(AtFdCwd, path, 0, StatxType | StatxSize, out var named) != 0)
            throw CannotRead(path, Marshal.GetLastPInvokeError());
        RequireRegular(path, named);

        var descriptor = Open(path, ORdOnly | ONonBlock | ONoCtty | OCloExec);
        if (descriptor < 0)
            throw CannotRead(path, Marshal.GetLastPInvokeError());
        using var handle = new SafeFileHandle((IntPtr)descriptor, ownsHandle: true);
        if (Statx(descriptor, "", AtEmptyPath, StatxType | StatxSize, out var opened) != 0)
            throw CannotRead(path, Marshal.GetLastPInvokeError());
        RequireRegular(path, opened);
        return ReadAtMostMaxBytes(handle, path, opened.Size > MaxBytes ? MaxBytes + 1L : (long)opened.Size);
    }

    /// <summary>Other systems (the provider ships for Linux only): directories are refused and the size bounded, but a FIFO or device is not told apart.</summary>
    private static string ReadElsewhere(string path)
    {
        if (Directory.Exists(path))
            throw NotRegular(path, "a directory");
        if (!File.Exists(path))
            throw new FormatException(NotAnExistingFile);
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            return ReadAtMostMaxBytes(handle, path, RandomAccess.GetLength(handle));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"{Quote(path)} cannot be read: {OneLine(e.Message)}");
        }
    }

    /// <summary>
    /// Reads to the end, but never more than <see cref="MaxBytes"/> + 1 bytes: the size the file system reports is
    /// only a hint (a file may grow meanwhile, and /proc files report 0).
    /// </summary>
    private static string ReadAtMostMaxBytes(SafeFileHandle handle, string path, long reportedSize)
    {
        if (reportedSize > MaxBytes)
            throw TooLarge(path);
        var buffer = new byte[reportedSize + 1];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > MaxBytes)
                    throw TooLarge(path);
                Array.Resize(ref buffer, (int)Math.Min(2L * buffer.Length, MaxBytes + 1));
            }
            int read;
            try
            {
                read = RandomAccess.Read(handle, buffer.AsSpan(length), length);
            }
            catch (IOException e)
            {
                throw new FormatException($"{Quote(path)} cannot be read: {OneLine(e.Message)}");
            }
            if (read == 0)
                break;
            length += read;
        }
        // As File.ReadAllText: UTF-8 unless a byte-order mark says otherwise.
        using var reader = new StreamReader(new MemoryStream(buffer, 0, length), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static void RequireRegular(string path, in StatxResult status)
    {
        var kind = (status.Mode & SIfMt) switch
        {
            SIfReg => null,
            SIfDir => "a directory",
            SIfIfo => "a FIFO",
            SIfChr => "a character device",
            SIfBlk => "a block device",
            SIfSock => "a socket",
            _ => "an unknown kind of file",
        };
        if (kind is not null)
            throw NotRegular(path, kind);
    }

    private static FormatException TooLarge(string path) => new($"{Quote(path)} is larger than {MaxSize}");

    private static FormatException NotRegular(string path, string kind) =>
        new($"{Quote(path)} is not a regular file (it is {kind})");

    private static FormatException CannotRead(string path, int errno) => errno switch
    {
        ENoEnt or ENotDir or ENameTooLong => new FormatException(NotAnExistingFile),
        _ => new FormatException($"{Quote(path)} cannot be read: {OneLine(Marshal.GetPInvokeErrorMessage(errno))}"),
    };

    /// <summary>The path in quotes, on one line and short (the engine shows the whole value anyway).</summary>
    private static string Quote(string path) => $"\"{OneLine(path)}\"";

    private static string OneLine(string text)
    {
        var clean = string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
        return clean.Length <= 200 ? clean : string.Concat(clean.AsSpan(0, 199), "…");
    }

    // Linux ABI values (the same on x86-64 and arm64, the provider's targets).
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const uint StatxSize = 0x200;
    private const int ORdOnly = 0;
    private const int ONoCtty = 0x100;
    private const int ONonBlock = 0x800;
    private const int OCloExec = 0x80000;
    private const int SIfMt = 0xF000;
    private const int SIfIfo = 0x1000;
    private const int SIfChr = 0x2000;
    private const int SIfDir = 0x4000;
    private const int SIfBlk = 0x6000;
    private const int SIfReg = 0x8000;
    private const int SIfSock = 0xC000;
    private const int ENoEnt = 2;
    private const int ENotDir = 20;
    private const int ENameTooLong = 36;

    /// <summary>struct statx: a fixed 256-byte layout on every Linux architecture; only the fields read here.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxResult
    {
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(40)] public ulong Size;
    }

    // "libc" is resolved by the runtime (JIT and Native AOT alike) to the C library's real name, libc.so.6 on glibc.
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, out StatxResult result);

    // open(2) is variadic; without O_CREAT the mode argument is never read, so two arguments are enough.
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);
}
