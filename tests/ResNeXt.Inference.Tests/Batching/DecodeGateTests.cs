using ResNeXt.Inference.Batching;

namespace ResNeXt.Inference.Tests.Batching;

/// <summary>Decoding and forward passes take turns on a CPU: no decode starts during a pass, a pass waits (briefly) for decodes under way.</summary>
public sealed class DecodeGateTests
{
    private readonly ObservedTimeProvider time = new();

    private CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BetweenPassesADecodeStartsAtOnce()
    {
        var gate = new DecodeGate(enabled: true, time);
        var decode = gate.EnterAsync(Token);
        Assert.True(decode.IsCompletedSuccessfully);
        (await decode).Dispose();
    }

    [Fact]
    public async Task ADecodeAskedForDuringAPassStartsWhenThePassEnds()
    {
        var gate = new DecodeGate(enabled: true, time);
        await gate.BeginPassAsync();

        var decode = gate.EnterAsync(Token).AsTask();
        Assert.False(decode.IsCompleted);

        gate.EndPass();
        (await decode.WaitAsync(Token)).Dispose();
    }

    [Fact]
    public async Task APassWaitsForTheDecodesUnderWay()
    {
        var gate = new DecodeGate(enabled: true, time);
        var first = await gate.EnterAsync(Token);
        var second = await gate.EnterAsync(Token);

        var pass = gate.BeginPassAsync();
        Assert.False(pass.IsCompleted);
        first.Dispose();
        first.Dispose(); // a second Dispose must not count as the other decode ending
        Assert.False(pass.IsCompleted);
        second.Dispose();
        await pass.WaitAsync(Token);
    }

    [Fact]
    public async Task APassWaitsNoLongerThanMaxDrain()
    {
        var gate = new DecodeGate(enabled: true, time);
        var slow = await gate.EnterAsync(Token);

        var pass = gate.BeginPassAsync();
        Assert.Equal(DecodeGate.MaxDrain, await time.NextTimerAsync(Token));
        Assert.False(pass.IsCompleted);
        time.Advance(DecodeGate.MaxDrain);
        await pass.WaitAsync(Token);

        // The slow decode still counts: the next pass waits for it again until it ends.
        gate.EndPass();
        var next = gate.BeginPassAsync();
        Assert.False(next.IsCompleted);
        slow.Dispose();
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
        using var before = await gate.EnterAsync(Token);
        Assert.True(gate.BeginPassAsync().IsCompletedSuccessfully);
        var during = gate.EnterAsync(Token);
        Assert.True(during.IsCompletedSuccessfully);
        (await during).Dispose();
        gate.EndPass();
    }
}
