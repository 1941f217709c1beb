using System.Runtime.InteropServices;

namespace ResNeXt.Cli;

/// <summary>
/// Turns the first SIGINT (Ctrl-C) or SIGTERM into a cancellation the commands observe, so <c>test</c>, <c>train</c> and
/// <c>download</c> stop with their partial results and exit 130; a second signal is left to its default action and ends
/// the process at once, for when the step in flight (a forward pass of a large model on a CPU) takes too long to wait for.
/// </summary>
/// <remarks>
/// System.CommandLine's own handling cannot do this: it registers its handlers only once the action has returned its
/// task, and <c>test</c> and <c>train</c> do their work synchronously before returning, so a signal during the work met
/// no handler and killed the process (nothing printed, no --out file); and, for an action that did yield, it gave up
/// after <see cref="System.CommandLine.InvocationConfiguration.ProcessTerminationTimeout"/> (2 s) and exited without the
/// partial results. These handlers are registered before the command line is even parsed.
/// </remarks>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    public TerminationSignals() =>
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];

    /// <summary>Cancelled by the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => _cancellation.Token;

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) > 1) return;
        context.Cancel = true;
        _cancellation.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _cancellation.Dispose();
    }
}
