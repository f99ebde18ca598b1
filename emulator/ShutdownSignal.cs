using System.Runtime.InteropServices;

namespace PtSandbox.Emulator;

/// <summary>Completes on the first SIGINT or SIGTERM (the default action, killing the process, is cancelled).</summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly TaskCompletionSource _signalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignal()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
        ];
    }

    public Task Task => _signalled.Task;

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        _signalled.TrySetResult();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
    }
}
