using Microsoft.Extensions.Options;
using ResNeXt.Api.Lifecycle;

namespace ResNeXt.Api.Tests;

/// <summary>Which start-up failures the service reports as a setting to fix (one line, exit 2) rather than as a crash.</summary>
public sealed class StartupErrorsTests
{
    [Fact]
    public void ASettingsFaultIsOneLineNamingIt()
    {
        var validation = new OptionsValidationException("Limits", typeof(object), ["Limits:MaxImagesPerRequest must be at least 1."]);
        var conversion = new InvalidOperationException("Failed to convert configuration value 'abc' at 'Batching:MaxBatchSize' to type 'System.Int32'.",
            new FormatException("abc is not a valid value for Int32."));
        var busy = new IOException("Failed to bind to address http://127.0.0.1:8080: address already in use.");

        Assert.Equal("invalid configuration: Limits:MaxImagesPerRequest must be at least 1.", StartupErrors.Describe(validation));
        Assert.Equal("invalid configuration: Failed to convert configuration value 'abc' at 'Batching:MaxBatchSize' to type 'System.Int32'. " +
            "(abc is not a valid value for Int32.)", StartupErrors.Describe(conversion));
        Assert.StartsWith("cannot listen: Failed to bind to address http://127.0.0.1:8080", StartupErrors.Describe(busy));
        // An https:// address without a certificate was an unhandled exception (exit 134).
        Assert.StartsWith("cannot listen: Unable to configure HTTPS endpoint", StartupErrors.Describe(new InvalidOperationException(
            "Unable to configure HTTPS endpoint. No server certificate was specified, and the default developer certificate could not be found or is out of date.")));
    }

    /// <summary>The attributes' own wording named the C# property ("The field BatchingOptions.MaxBatchSize ..."), not the key to set.</summary>
    [Fact]
    public void ValidationFailuresNameTheKey()
    {
        var attribute = new OptionsValidationException("", typeof(Inference.Batching.BatchingOptions),
            ["MaxBatchSize: The field BatchingOptions.MaxBatchSize must be between 1 and 256."]);
        var ours = new OptionsValidationException("", typeof(Inference.Registry.RegistryOptions),
            ["Preload, MaxLoaded: Models:Preload lists 2 models but Models:MaxLoaded is 1."]);
        var other = new OptionsValidationException("", typeof(Options.LimitsOptions), ["MaxImagesPerRequest: must be small."]);

        Assert.Equal("invalid configuration: Batching:MaxBatchSize must be between 1 and 256.", StartupErrors.Describe(attribute));
        Assert.Equal("invalid configuration: Models:Preload lists 2 models but Models:MaxLoaded is 1.", StartupErrors.Describe(ours));
        Assert.Equal("invalid configuration: Limits:MaxImagesPerRequest: must be small.", StartupErrors.Describe(other));
    }

    /// <summary>Start-up validation throws every failing section at once; that was a crash with a stack trace.</summary>
    [Fact]
    public void SeveralSectionsFailingAreALineEach()
    {
        var limits = new OptionsValidationException("", typeof(Options.LimitsOptions), ["Limits:MaxImagesPerRequest must be at least 1."]);
        var shutdown = new OptionsValidationException("", typeof(Options.ShutdownOptions), ["Shutdown:Timeout must be longer."]);

        Assert.Equal($"invalid configuration: Limits:MaxImagesPerRequest must be at least 1.{Environment.NewLine}error: invalid configuration: Shutdown:Timeout must be longer.",
            StartupErrors.Describe(new AggregateException(limits, shutdown)));
        Assert.Null(StartupErrors.Describe(new AggregateException(limits, new IOException("Disk full"))));
    }

    [Fact]
    public void AnythingElseStaysACrash()
    {
        Assert.Null(StartupErrors.Describe(new InvalidOperationException("Sequence contains no elements")));
        Assert.Null(StartupErrors.Describe(new IOException("Disk full")));
        Assert.Null(StartupErrors.Describe(new NullReferenceException()));
    }
}
