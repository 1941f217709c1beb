namespace ResNeXt.Inference.Tests.Download;

/// <param name="Path">Request path without the leading slash, unescaped.</param>
/// <param name="RangeStart">First byte asked for by a <c>Range: bytes=N-</c> header, or null.</param>
public sealed record ServedRequest(string Path, long? RangeStart);
