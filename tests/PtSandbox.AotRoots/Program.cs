// ptsandbox-aot-roots: two modes.
//   AOT_ROOTS_RECORD=FILE ptsandbox-aot-roots ENGINE_ADDRESS...   runs the provider exactly as the plugin binary
//       does (the engine, or the wire tests, drive it) and appends to FILE the closed generic types that dependency
//       injection built while it ran;
//   ptsandbox-aot-roots write FILE RDXML   turns the recorded types into the rd.xml the AOT compiler reads.
using PtSandbox.AotRoots;
using ProviderHost.Hosting;
using PtSandbox.Provider;

if (args is ["write", var recorded, var rdXml])
    return RdXml.Write(File.ReadAllLines(recorded), rdXml);

// Not PTSANDBOX_-prefixed: the wire tests launch the plugin without those variables.
var record = Environment.GetEnvironmentVariable("AOT_ROOTS_RECORD");
if (string.IsNullOrEmpty(record))
{
    Console.Error.WriteLine("usage: AOT_ROOTS_RECORD=FILE ptsandbox-aot-roots [plugin arguments] | ptsandbox-aot-roots write FILE RDXML");
    return 2;
}

using var recorder = new InstantiationRecorder();
AppDomain.CurrentDomain.ProcessExit += (_, _) => recorder.AppendTo(record);
var exitCode = await ProviderServer.RunAsync(args, PtSandboxProvider.Define);
recorder.AppendTo(record);
return exitCode;
