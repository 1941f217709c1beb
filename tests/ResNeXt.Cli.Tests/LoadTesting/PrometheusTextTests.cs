using ResNeXt.Cli.Metrics;
using ResNeXt.Inference.Telemetry;

namespace ResNeXt.Cli.Tests.LoadTesting;

public sealed class PrometheusTextTests
{
    // Shaped like the OpenTelemetry exporter's answer: HELP/TYPE comments, several models, scope labels, +Inf, a
    // timestamp on one sample, and a label value with an escaped quote and a comma that a split on ',' would break.
    private const string Exposition = """
        # HELP resnext_batch_size Images computed by one forward pass.
        # TYPE resnext_batch_size histogram
        resnext_batch_size_bucket{model="tiny",otel_scope_name="ResNeXt.Inference",le="1"} 3
        resnext_batch_size_bucket{model="tiny",otel_scope_name="ResNeXt.Inference",le="+Inf"} 5
        resnext_batch_size_sum{model="tiny",otel_scope_name="ResNeXt.Inference"} 19
        resnext_batch_size_count{model="tiny",otel_scope_name="ResNeXt.Inference"} 5 1732579200000
        resnext_batch_size_sum{model="resnext50-32x4d",otel_scope_name="ResNeXt.Inference"} 64
        resnext_batch_size_count{model="resnext50-32x4d",otel_scope_name="ResNeXt.Inference"} 8
        resnext_batch_size_sum{otel_scope_name="ResNeXt.Inference",model="odd \"name\", really"} 2.5e1
        resnext_batch_size_count{otel_scope_name="ResNeXt.Inference",model="odd \"name\", really"} 5
        resnext_tensors_live 12
        resnext_queue_wait_seconds_sum{model="tiny"} +Inf
        """;

    [Fact]
    public void InstrumentNameMapsToTheExportedName() =>
        Assert.Equal("resnext_batch_size", PrometheusText.NameOf(InferenceMetrics.BatchSizeInstrument));

    [Fact]
    public void HistogramTotalsComeFromTheModelsSeriesOnly()
    {
        Assert.Equal(new HistogramTotals(19, 5), PrometheusText.Histogram(Exposition, "resnext_batch_size", Model("tiny")));
        Assert.Equal(new HistogramTotals(64, 8), PrometheusText.Histogram(Exposition, "resnext_batch_size", Model("resnext50-32x4d")));
    }

    [Fact]
    public void QuotedLabelValuesMayHoldQuotesAndCommas() =>
        Assert.Equal(new HistogramTotals(25, 5), PrometheusText.Histogram(Exposition, "resnext_batch_size", Model("odd \"name\", really")));

    [Fact]
    public void WithoutLabelFilterEverySeriesIsAdded() =>
        Assert.Equal(19 + 64 + 25, PrometheusText.Total(Exposition, "resnext_batch_size_sum", new Dictionary<string, string>()));

    [Fact]
    public void MissingSeriesIsNullNotZero()
    {
        Assert.Null(PrometheusText.Histogram(Exposition, "resnext_batch_size", Model("unknown")));
        Assert.Null(PrometheusText.Histogram(Exposition, "resnext_batch_duration", Model("tiny")));
        Assert.Null(PrometheusText.Histogram("", "resnext_batch_size", Model("tiny")));
    }

    [Fact]
    public void UnlabelledSamplesAndInfinityParse()
    {
        Assert.Equal(12, PrometheusText.Total(Exposition, "resnext_tensors_live", new Dictionary<string, string>()));
        Assert.Equal(double.PositiveInfinity, PrometheusText.Total(Exposition, "resnext_queue_wait_seconds_sum", Model("tiny")));
    }

    [Fact]
    public void MeanBatchSizeIsTheDeltaOfSumOverTheDeltaOfCount()
    {
        var before = new HistogramTotals(19, 5);
        var after = new HistogramTotals(19 + 30, 5 + 4);

        Assert.Equal(7.5, after.Since(before).Mean);
        Assert.Null(before.Since(before).Mean);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# just a comment")]
    [InlineData("name{unterminated=\"x} 1")]
    [InlineData("name{a=\"x\"} not-a-number")]
    [InlineData("name_without_value")]
    public void MalformedLinesAreSkipped(string line) => Assert.False(PrometheusText.TryParse(line, out _));

    private static Dictionary<string, string> Model(string name) => new() { [InferenceTelemetry.ModelTag] = name };

    [Fact]
    public void ASumWithATimestampAndAnExponentIsRead() =>
        Assert.Equal(2.5e-3, PrometheusText.Total("x_sum{model=\"m\"} 2.5e-3 1700000000000\n", "x_sum", new Dictionary<string, string> { ["model"] = "m" }));

    [Fact]
    public void AModelWithoutSamplesHasNoTotal() =>
        Assert.Null(PrometheusText.Total(Exposition, "resnext_batch_size_sum", new Dictionary<string, string> { ["model"] = "never-loaded" }));
}
