namespace ResNeXt.Cli.LoadTesting;

/// <summary>What the service says about the model under test before the load starts; recorded in the report.</summary>
/// <param name="State">e.g. <c>ready</c>, or <c>available</c> when the first request will load it (the warm-up absorbs that).</param>
internal sealed record ServiceModelStatus(string? State, ServiceBatching? Batching);
