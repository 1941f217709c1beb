using ResNeXt.Inference.Batching;

namespace ResNeXt.Inference.Tests.Batching;

/// <summary>Decoding and forward passes take turns on a CPU: no decode starts during a pass, a pass waits (briefly) for decodes under way.</summary>
public sealed class DecodeGateTests
{
    private readonly ObservedTimeProvider time = new();

    private CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void BetweenPassesADecodeStartsAtOnce()
    {
        var gate = new DecodeGate(enabled: true, time);
        Assert.True(gate.EnterAsync(Token).IsCompletedSuccessfully);
        gate.Exit();
    }

    [Fact]
    public async Task ADecodeAskedForDuringAPassStartsWhenThePassEnds()
    {
        var gate = new DecodeGate(enabled: true, time);
        await gate.BeginPassAsync();

        var decode = gate.EnterAsync(Token).AsTask();
        Assert.False(decode.IsCompleted);

        gate.EndPass();
        await decode.WaitAsync(Token);
        gate.Exit();
    }

    [Fact]
    public async Task APassWaitsForTheDecodesUnderWay()
    {
        var gate = new DecodeGate(enabled: true, time);
        await gate.EnterAsync(Token);
        await gate.EnterAsync(Token);

        var pass = gate.BeginPassAsync();
        Assert.False(pass.IsCompleted);
        gate.Exit();
        Assert.False(pass.IsCompleted);
        gate.Exit();
        await pass.WaitAsync(Token);
    }

    [Fact]
    public async Task APassWaitsNoLongerThanMaxDrain()
    {
        var gate = new DecodeGate(enabled: true, time);
        await gate.EnterAsync(Token);

        var pass = gate.BeginPassAsync();
        Assert.Equal(DecodeGate.MaxDrain, await time.NextTimerAsync(Token));
        Assert.False(pass.IsCompleted);
        time.Advance(DecodeGate.MaxDrain);
        await pass.WaitAsync(Token);

        // The slow decode still counts: the next pass waits for it again until it ends.
        gate.EndPass();
        var next = gate.BeginPassAsync();
        Assert.False(next.IsCompleted);
        gate.Exit();
        await next.WaitAsync(Token);
    }

    [Fact]
    public async Task ACancelledWaitLeavesNothingBehind()
    {
        var gate = new DecodeGate(enabled: true, time);
        await gate.BeginPassAsync();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var decode = gate.EnterAsync(cancellation.Token).AsTask();

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => decode);
        gate.EndPass();

        // Were it still counted, this pass would wait for a decode that never runs.
        Assert.True(gate.BeginPassAsync().IsCompletedSuccessfully);
    }

    [Fact]
    public async Task TurnedOffNothingWaits()
    {
        var gate = new DecodeGate(enabled: false, time);
        await gate.EnterAsync(Token);
        Assert.True(gate.BeginPassAsync().IsCompletedSuccessfully);
        Assert.True(gate.EnterAsync(Token).IsCompletedSuccessfully);
        gate.Exit();
        gate.EndPass();
    }
}
