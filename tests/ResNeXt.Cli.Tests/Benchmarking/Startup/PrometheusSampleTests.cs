using ResNeXt.Cli.Benchmarking.Startup;

namespace ResNeXt.Cli.Tests.Benchmarking.Startup;

public sealed class PrometheusSampleTests
{
    private const string Exposition = """
        # TYPE resnext_model_load_duration_seconds histogram
        # HELP resnext_model_load_duration_seconds Time to build a model and load its checkpoint.
        resnext_model_load_duration_seconds_bucket{otel_scope_name="ResNeXt.Inference",model="tiny",le="2.5"} 1
        resnext_model_load_duration_seconds_sum{otel_scope_name="ResNeXt.Inference",model="tiny2"} 9.5
        resnext_model_load_duration_seconds_sum{otel_scope_name="ResNeXt.Inference",model="tiny"} 1.163145
        resnext_model_load_duration_seconds_count{otel_scope_name="ResNeXt.Inference",model="tiny"} 1
        # EOF
        """;

    [Fact]
    public void ValueOfTheSampleWithExactlyThatModelLabel() =>
        Assert.Equal(1.163145, PrometheusSample.ModelValue(Exposition, PrometheusSample.ModelLoadSecondsSum, "tiny"));

    [Fact]
    public void ModelThatNeverLoadedHasNoValue() =>
        Assert.Null(PrometheusSample.ModelValue(Exposition, PrometheusSample.ModelLoadSecondsSum, "resnext50-32x4d"));

    [Fact]
    public void ValueWithATimestampAndExponentIsRead() =>
        Assert.Equal(2.5e-3, PrometheusSample.ModelValue("x_sum{model=\"m\"} 2.5e-3 1700000000000\n", "x_sum", "m"));
}
