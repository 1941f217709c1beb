namespace ResNeXt.Cli.Benchmarking.Charts;

/// <summary>What <see cref="SvgLineChart"/> draws. Both axes start at zero except a logarithmic x axis.</summary>
/// <param name="LogarithmicX">Base-2 x axis ticked at the data's x values: concurrency 1, 2, 4 … 32 spaced evenly.</param>
internal sealed record LineChart(
    string Title,
    string XTitle,
    string YTitle,
    IReadOnlyList<ChartSeries> Series,
    IReadOnlyList<ReferenceLine> ReferenceLines,
    bool LogarithmicX = false);
