namespace ResNeXt.Api.OpenInference;

/// <param name="Classification">Top-k as "score:index:label" strings instead of the raw tensor; null for the tensor.</param>
/// <param name="Binary">REST only: answer this output in the binary section instead of the JSON.</param>
public sealed record RequestedOutput(string Name, int? Classification = null, bool Binary = false);
