using PtSandbox.Emulator;

var parsed = CommandLine.Parse(args);
if (parsed.Help)
{
    Console.Out.Write(CommandLine.Usage);
    return 0;
}
if (parsed.Error is not null)
{
    Console.Error.WriteLine($"ptsandbox-emulator: {parsed.Error} (see --help)");
    return 2;
}

using var shutdown = new ShutdownSignal(); // registered first: a signal during start-up is not lost
EmulatorServer server;
try
{
    server = await EmulatorServer.StartAsync(parsed.Options!);
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException)
{
    Console.Error.WriteLine($"ptsandbox-emulator: cannot start: {e.Message}");
    return 1;
}

await using (server)
{
    // The one line of stdout: callers read the address from it.
    Console.Out.WriteLine(server.BaseUrl.GetLeftPart(UriPartial.Authority));
    Console.Out.Flush();
    await shutdown.Task;
}
return 0;
