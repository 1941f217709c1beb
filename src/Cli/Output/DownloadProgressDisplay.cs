using ResNeXt.Inference.Checkpoints;
using Spectre.Console;

namespace ResNeXt.Cli.Output;

/// <summary>Shows a download as a Spectre bar on a terminal and as periodic plain lines anywhere else.</summary>
internal static class DownloadProgressDisplay
{
    public static Task<T> RunAsync<T>(TextWriter output, string label, Func<IProgress<DownloadProgress>, Task<T>> download) =>
        Terminal.IsInteractive(output)
            ? RunWithBarAsync(output, label, download)
            : download(new PlainDownloadProgress(output, label, TimeProvider.System));

    private static Task<T> RunWithBarAsync<T>(TextWriter output, string label, Func<IProgress<DownloadProgress>, Task<T>> download) =>
        Terminal.Create(output).Progress()
            .Columns(
                new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                // Indeterminate until the response headers say how big the file is.
                var task = context.AddTask(label);
                task.IsIndeterminate = true;
                var result = await download(new CallbackProgress<DownloadProgress>(p => Update(task, p)));
                task.IsIndeterminate = false;
                task.Value = task.MaxValue;
                return result;
            });

    private static void Update(ProgressTask task, DownloadProgress progress)
    {
        if (progress.TotalBytes is { } total)
        {
            task.IsIndeterminate = false;
            task.MaxValue = total;
        }
        task.Value = progress.BytesReceived;
    }
}
