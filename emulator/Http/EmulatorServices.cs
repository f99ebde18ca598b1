using PtSandbox.Emulator.State;

namespace PtSandbox.Emulator.Http;

/// <summary>Everything the handlers share; created once per server, no DI container involved.</summary>
internal sealed class EmulatorServices(EmulatorOptions options)
{
    public EmulatorOptions Options { get; } = options;
    public TokenStore Tokens { get; } = new(options.StatePath);
    public AuthStore Auth { get; } = new();
    public FaultQueue Faults { get; } = new();
    public RequestStats Stats { get; } = new();

    /// <summary>Cancelled when the server stops, so injected delays never hold up shutdown.</summary>
    public CancellationToken Stopping { get; set; }
}
