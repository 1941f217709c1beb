namespace ResNeXt.Api.OpenInference.Rest;

public sealed record ReadyResponse(bool Ready);
