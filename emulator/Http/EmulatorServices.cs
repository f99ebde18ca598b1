using PtSandbox.Emulator.State;

namespace PtSandbox.Emulator.Http;

/// <summary>Everything the handlers share; created once per server, no DI container involved.</summary>
internal sealed class EmulatorServices
{
    public EmulatorServices(EmulatorOptions options)
    {
        Options = options;
        Tokens = new TokenStore(options.StatePath, Clock);
    }

    public EmulatorOptions Options { get; }
    public SandboxClock Clock { get; } = new();
    public TokenStore Tokens { get; }
    public AuthStore Auth { get; } = new();
    public FaultQueue Faults { get; } = new();
    public RequestStats Stats { get; } = new();

    /// <summary>Cancelled when the server stops, so injected delays never hold up shutdown.</summary>
    public CancellationToken Stopping { get; set; }
}
