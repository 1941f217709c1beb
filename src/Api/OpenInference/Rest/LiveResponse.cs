namespace ResNeXt.Api.OpenInference.Rest;

public sealed record LiveResponse(bool Live);
