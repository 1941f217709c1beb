namespace ResNeXt.Resilience.Tests.Infrastructure;

/// <summary>One instance at rest: resident memory, OS threads, and TorchSharp tensors alive (resnext.tensors.live).</summary>
public sealed record InstanceSnapshot(long RssBytes, int Threads, long Tensors);
