using System.Net;

namespace ResNeXt.Cli.Tests.LoadTesting;

/// <summary>What <see cref="FakeService"/> does with one predict request: answer a status, or break off the body.</summary>
internal sealed record PredictAnswer(PredictAnswerKind Kind, HttpStatusCode Status)
{
    public static PredictAnswer Ok { get; } = new(PredictAnswerKind.Status, HttpStatusCode.OK);

    public static PredictAnswer Truncated { get; } = new(PredictAnswerKind.Truncated, HttpStatusCode.OK);

    public static PredictAnswer WithStatus(HttpStatusCode status) => new(PredictAnswerKind.Status, status);
}
