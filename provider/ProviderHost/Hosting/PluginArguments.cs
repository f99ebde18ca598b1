namespace ProviderHost.Hosting;

/// <summary>
/// The engine launches a plugin as <c>[--logtostderr] [-v=N] [--tracing URL] ENGINE_ADDRESS</c>.
/// The address is the last positional argument; with none the provider was started by hand (attach mode).
/// </summary>
public sealed record PluginArguments(string? EngineAddress, bool LogToStderr, int Verbosity)
{
    public static PluginArguments Parse(IReadOnlyList<string> args)
    {
        string? engine = null;
        var logToStderr = false;
        var verbosity = 0;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--logtostderr" || arg == "-logtostderr")
                logToStderr = true;
            else if (arg.StartsWith("-v=", StringComparison.Ordinal) || arg.StartsWith("--v=", StringComparison.Ordinal))
                _ = int.TryParse(arg[(arg.IndexOf('=') + 1)..], out verbosity);
            else if (arg is "--tracing" or "-tracing")
                i++; // its value is a URL we do not use
            else if (arg.StartsWith("--tracing=", StringComparison.Ordinal) || arg.StartsWith('-'))
                continue; // other glog-style flags are accepted and ignored
            else
                engine = arg;
        }
        return new PluginArguments(engine, logToStderr, verbosity);
    }
}
