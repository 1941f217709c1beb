namespace ResNeXt.Cli.LoadTesting;

/// <summary>The batcher settings the service reports for the model (<c>GET /v1/models/{model}</c>, field <c>batching</c>).</summary>
internal sealed record ServiceBatching(int MaxBatchSize, double MaxDelayMs, int QueueCapacity);
