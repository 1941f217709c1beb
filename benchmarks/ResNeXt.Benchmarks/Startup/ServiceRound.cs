namespace ResNeXt.Benchmarks.Startup;

/// <summary>One start of the service, every time counted from the moment its process was spawned.</summary>
/// <param name="ReadySeconds">Until <c>/healthz/ready</c> first answered 200: runtime, host, and the preloaded model.</param>
/// <param name="FirstPredictionSeconds">Until the first prediction was answered: what a client waiting on a new instance sees.</param>
/// <param name="ModelLoadSeconds">The service's own resnext.model.load.duration: reading the checkpoint and building the model.</param>
/// <param name="ReadyPeakRssBytes">VmHWM when ready: the load's transient buffers included.</param>
/// <param name="SteadyPeakRssBytes">VmHWM after the waves of concurrent predictions: what a memory limit must allow.</param>
/// <param name="SteadyRssBytes">VmRSS at the same moment: what it holds while serving.</param>
/// <param name="ExitCode">After SIGTERM; anything but 0 is a shutdown that went wrong.</param>
internal sealed record ServiceRound(
    int Round,
    double ReadySeconds,
    double FirstPredictionSeconds,
    double? ModelLoadSeconds,
    long ReadyPeakRssBytes,
    long SteadyPeakRssBytes,
    long SteadyRssBytes,
    int ExitCode);
