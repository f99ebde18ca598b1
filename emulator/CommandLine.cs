using System.Globalization;

namespace PtSandbox.Emulator;

/// <summary>Hand-written argument parsing (no extra package). Accepts "--flag value" and "--flag=value".</summary>
internal static class CommandLine
{
    public const string Usage = """
        Usage: ptsandbox-emulator [options]

        Emulates the PT Sandbox UI API (login flow and public API tokens) on 127.0.0.1.
        Prints the base URL as the first and only line on stdout, then serves until SIGINT/SIGTERM.

        Options:
          --port N              TCP port; 0 picks a free one (default 0)
          --http                plain HTTP (default: HTTPS with a self-signed certificate made at start)
          --cert-out FILE       write that certificate as PEM to FILE (HTTPS only)
          --username NAME       accepted login (default admin)
          --password PASS       accepted password (default admin)
          --bearer-ttl SECONDS  lifetime of access tokens (default 480)
          --unique-names        creating a token whose name a live token uses fails with 409
          --list-deleted        the token listing includes soft-deleted tokens
          --list-limit N        the listing returns at most N entries ("total" still counts all)
          --state FILE          persist tokens and the next id to FILE (loaded at start if present)
          --help                print this help

        """;

    public sealed record Result(EmulatorOptions? Options, bool Help, string? Error);

    public static Result Parse(IReadOnlyList<string> args)
    {
        var options = new EmulatorOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inlineValue = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=') is > 2 and var eq)
            {
                inlineValue = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            // Takes the flag's value from "=value" or the next argument.
            string? Value()
            {
                if (inlineValue is not null)
                    return inlineValue;
                return i + 1 < args.Count ? args[++i] : null;
            }

            bool IsSwitch() => inlineValue is null;

            switch (arg)
            {
                case "--help" or "-h":
                    return new Result(null, true, null);
                case "--http" when IsSwitch():
                    options = options with { Http = true };
                    break;
                case "--unique-names" when IsSwitch():
                    options = options with { UniqueNames = true };
                    break;
                case "--list-deleted" when IsSwitch():
                    options = options with { ListDeleted = true };
                    break;
                case "--port":
                    if (!int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
                        return Fail("--port needs a number from 0 to 65535");
                    options = options with { Port = port };
                    break;
                case "--bearer-ttl":
                    if (!double.TryParse(Value(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var ttl) || ttl <= 0)
                        return Fail("--bearer-ttl needs a positive number of seconds");
                    options = options with { BearerTtl = TimeSpan.FromSeconds(ttl) };
                    break;
                case "--list-limit":
                    if (!int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var limit))
                        return Fail("--list-limit needs a non-negative number");
                    options = options with { ListLimit = limit };
                    break;
                case "--username" or "--password" or "--state" or "--cert-out":
                    var value = Value();
                    if (string.IsNullOrEmpty(value))
                        return Fail($"{arg} needs a value");
                    options = arg switch
                    {
                        "--username" => options with { Username = value },
                        "--password" => options with { Password = value },
                        "--state" => options with { StatePath = value },
                        _ => options with { CertOut = value },
                    };
                    break;
                default:
                    return Fail($"unknown option '{arg}'");
            }
        }
        return new Result(options, false, null);
    }

    private static Result Fail(string message) => new(null, false, message);
}
