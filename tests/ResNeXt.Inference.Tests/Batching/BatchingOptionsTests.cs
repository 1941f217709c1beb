using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResNeXt.Inference.Batching;

namespace ResNeXt.Inference.Tests.Batching;

public sealed class BatchingOptionsTests
{
    private readonly BatchingOptionsValidator _validator = new();

    [Fact]
    public void DefaultsAreValid() => Assert.True(_validator.Validate(null, new BatchingOptions()).Succeeded);

    [Theory]
    [InlineData(nameof(BatchingOptions.MaxBatchSize))]
    [InlineData(nameof(BatchingOptions.MaxDelay))]
    [InlineData(nameof(BatchingOptions.QueueCapacity))]
    [InlineData(nameof(BatchingOptions.DefaultTimeout))]
    [InlineData(nameof(BatchingOptions.IntraOpThreads))]
    public void OutOfRangeValueIsRejectedNamingItsKey(string key)
    {
        var result = _validator.Validate(null, OutOfRange(key));

        Assert.True(result.Failed);
        Assert.Contains(key, result.FailureMessage);
    }

    [Fact]
    public void MaxDelayNotShorterThanDefaultTimeoutNamesBothKeys()
    {
        var options = new BatchingOptions { MaxDelay = TimeSpan.FromMilliseconds(500), DefaultTimeout = TimeSpan.FromMilliseconds(500) };

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Batching:MaxDelay", result.FailureMessage);
        Assert.Contains("Batching:DefaultTimeout", result.FailureMessage);
    }

    [Fact]
    public void QueueSmallerThanOneBatchNamesBothKeys()
    {
        var options = new BatchingOptions { MaxBatchSize = 16, QueueCapacity = 8 };

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Batching:QueueCapacity", result.FailureMessage);
        Assert.Contains("Batching:MaxBatchSize", result.FailureMessage);
    }

    [Fact]
    public void BadSectionStopsTheHostAtStart()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Batching:MaxBatchSize"] = "0" })
            .Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddInferenceBatching()
            .BuildServiceProvider();

        // IStartupValidator is what the generic host runs before it starts serving.
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(nameof(BatchingOptions.MaxBatchSize), error.Message);
    }

    [Fact]
    public void ZeroIntraOpThreadsUsesEveryCoreAndAPositiveValueOverridesIt()
    {
        // One executor runs every model's passes one at a time, so each pass gets the whole machine, whatever MaxLoaded.
        var options = new BatchingOptions();

        Assert.Equal(Environment.ProcessorCount, options.ResolveIntraOpThreads());
        options.IntraOpThreads = 3;
        Assert.Equal(3, options.ResolveIntraOpThreads());
    }

    private static BatchingOptions OutOfRange(string key)
    {
        var options = new BatchingOptions();
        switch (key)
        {
            case nameof(BatchingOptions.MaxBatchSize):
                options.MaxBatchSize = BatchingOptions.MaxBatchSizeLimit + 1;
                break;
            case nameof(BatchingOptions.MaxDelay):
                options.MaxDelay = TimeSpan.FromMilliseconds(-1);
                break;
            case nameof(BatchingOptions.QueueCapacity):
                options.QueueCapacity = 0;
                break;
            case nameof(BatchingOptions.DefaultTimeout):
                options.DefaultTimeout = TimeSpan.Zero;
                break;
            case nameof(BatchingOptions.IntraOpThreads):
                options.IntraOpThreads = -1;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(key), key, null);
        }

        return options;
    }
}
