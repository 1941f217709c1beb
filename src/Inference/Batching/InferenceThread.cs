using System.Collections.Concurrent;

namespace ResNeXt.Inference.Batching;

/// <summary>
/// The executor's one long-lived OS thread: it executes all tensor work of every model, one job at a time. A forward pass must never
/// change threads: TorchSharp's dispose scopes and inference mode are thread-local, and so is the OpenMP thread count
/// libtorch sets. A pool thread from <c>Task.Run</c> would also stay blocked for the whole pass and starve the pool.
/// </summary>
internal sealed class InferenceThread
{
    // Unbounded: besides the executor's loop, which awaits each pass, loads hand over warm-ups and unloads disposals, and
    // none of them should block a pool thread on the handoff. Each such caller awaits its one job, so few ever wait.
    private readonly BlockingCollection<Action> _jobs = [];
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _thread;

    public InferenceThread(string name)
    {
        _thread = new Thread(RunJobs) { Name = name, IsBackground = true };
        // UnsafeStart does not capture the creator's ExecutionContext, which the thread would otherwise carry (with the
        // creator's Activity and AsyncLocals) for the rest of the process.
        _thread.UnsafeStart();
    }

    public int ManagedThreadId => _thread.ManagedThreadId;

    /// <summary>Runs <paramref name="work"/> on the thread; the task completes (asynchronously) with its result or exception.</summary>
    public Task<T> InvokeAsync<T>(Func<T> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _jobs.Add(() => Execute(work, completion));
        return completion.Task;
    }

    /// <summary>Lets the jobs already handed over finish, then ends the thread. No job may be invoked afterwards.</summary>
    public Task StopAsync()
    {
        _jobs.CompleteAdding();
        return _exited.Task;
    }

    private static void Execute<T>(Func<T> work, TaskCompletionSource<T> completion)
    {
        try
        {
            completion.SetResult(work());
        }
        catch (Exception exception)
        {
            // The caller decides what a failed job means; the thread itself must survive for the next batch.
            completion.SetException(exception);
        }
    }

    private void RunJobs()
    {
        foreach (var job in _jobs.GetConsumingEnumerable())
        {
            job();
        }

        _jobs.Dispose();
        _exited.SetResult();
    }
}
