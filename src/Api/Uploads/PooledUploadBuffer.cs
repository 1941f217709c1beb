using System.Buffers;

namespace ResNeXt.Api.Uploads;

/// <summary>
/// An upload's bytes in an array rented from the shared pool, handed back when the request ends
/// (<see cref="HttpResponse.RegisterForDispose"/>). An image body is usually over 85 KB, so a fresh array per request
/// lands on the large object heap, and at tens of uploads a second those arrays start a full background collection
/// every couple of seconds, whose marking takes cores from the forward passes.
/// </summary>
internal sealed class PooledUploadBuffer : IDisposable
{
    private byte[]? array;

    private PooledUploadBuffer(byte[] array) => this.array = array;

    /// <summary>At least <paramref name="length"/> bytes, returned to the pool when <paramref name="response"/>'s request ends.</summary>
    public static byte[] Rent(HttpResponse response, int length)
    {
        var rented = ArrayPool<byte>.Shared.Rent(length);
        response.RegisterForDispose(new PooledUploadBuffer(rented));
        return rented;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref array, null) is { } rented)
            ArrayPool<byte>.Shared.Return(rented);
    }
}
