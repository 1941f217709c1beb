namespace ResNeXt.Cli.Output;

/// <summary>
/// Calls back on the reporting thread. <see cref="Progress{T}"/> would post to the thread pool, where a late report
/// could redraw the bar or print a line after the command's final message.
/// </summary>
internal sealed class CallbackProgress<T>(Action<T> onReport) : IProgress<T>
{
    public void Report(T value) => onReport(value);
}
