namespace ResNeXt.Api.Problems;

/// <summary>One row of <see cref="ProblemCatalog"/>: the status and title that go with a problem code.</summary>
public sealed record ProblemKind(string Code, int Status, string Title)
{
    public string Type => ProblemCatalog.TypeOf(Code);

    public ProblemHttpResult ToResult(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: Status, title: Title, type: Type);
}
