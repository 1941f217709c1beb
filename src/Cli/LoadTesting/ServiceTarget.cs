using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using ResNeXt.Cli.Metrics;
using ResNeXt.Inference.Telemetry;

namespace ResNeXt.Cli.LoadTesting;

/// <summary>
/// The running service under test: one model's predict endpoint fed the same image as a raw body, its status, and
/// its forward-pass histograms (batch size and duration) on <c>/metrics</c>.
/// </summary>
internal sealed class ServiceTarget
{
    private const string MetricsPath = "metrics";
    private const string ModelTag = InferenceTelemetry.ModelTag;

    // GET /v1/models/{model} in the API's snake_case (ModelResponse, BatchingSettingsResponse).
    private const string StateField = "state";
    private const string BatchingField = "batching";
    private const string MaxBatchSizeField = "max_batch_size";
    private const string MaxDelayField = "max_delay_ms";
    private const string QueueCapacityField = "queue_capacity";

    private static readonly string BatchSizeMetric = PrometheusText.NameOf(InferenceMetrics.BatchSizeInstrument);
    private static readonly string BatchDurationMetric = PrometheusText.NameOfSeconds(InferenceMetrics.BatchDurationInstrument);

    private readonly HttpClient client;
    private readonly byte[] image;
    private readonly MediaTypeHeaderValue contentType;
    private readonly Uri modelUri;
    private readonly Uri metricsUri;
    private readonly Dictionary<string, string> modelLabel;

    public ServiceTarget(HttpClient client, Uri baseUrl, string model, byte[] image, string contentType)
    {
        this.client = client;
        this.image = image;
        this.contentType = new MediaTypeHeaderValue(contentType);
        // A trailing slash makes relative paths extend the base (a service behind a path prefix) instead of replacing its last segment.
        var root = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        modelUri = new Uri(root, $"v1/models/{Uri.EscapeDataString(model)}");
        PredictUri = new Uri(root, $"v1/models/{Uri.EscapeDataString(model)}/predict");
        metricsUri = new Uri(root, MetricsPath);
        modelLabel = new Dictionary<string, string>(StringComparer.Ordinal) { [ModelTag] = model };
    }

    public Uri PredictUri { get; }

    public int ImageBytes => image.Length;

    public string ContentType => contentType.MediaType!;

    /// <summary>One predict request, timed from send to the last byte of the answer, which is read and dropped.</summary>
    public async Task<RequestOutcome> PredictAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var content = new ByteArrayContent(image);
            content.Headers.ContentType = contentType;
            using var response = await client.PostAsync(PredictUri, content, cancellationToken);
            await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return RequestOutcome.Answered((int)response.StatusCode, Elapsed(started));
        }
        catch (HttpRequestException error)
        {
            return RequestOutcome.Failed($"{nameof(HttpRequestException)}.{error.HttpRequestError}", Elapsed(started));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return RequestOutcome.Failed("Timeout", Elapsed(started));
        }
        catch (IOException error)
        {
            return RequestOutcome.Failed(error.GetType().Name, Elapsed(started));
        }
    }

    /// <summary>
    /// <c>GET /v1/models/{model}</c>. Refuses to start a load test against a service that is not there or does not
    /// know the model: every request would be an error and the report would measure nothing.
    /// </summary>
    public async Task<ServiceModelStatus> ModelStatusAsync(CancellationToken cancellationToken)
    {
        string body;
        try
        {
            using var response = await client.GetAsync(modelUri, cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new LoadTestException($"GET {modelUri} answered {(int)response.StatusCode}: {Excerpt(body)}");
        }
        catch (HttpRequestException error)
        {
            throw new LoadTestException($"the service at {modelUri.GetLeftPart(UriPartial.Authority)} did not answer ({error.Message}); start it first.",
                ExitCodes.NetworkFailed);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LoadTestException(
                $"{modelUri.GetLeftPart(UriPartial.Authority)} accepted the connection but GET {modelUri} did not answer within {client.Timeout.TotalSeconds:0.###} s (--timeout); is it the service?",
                ExitCodes.NetworkFailed);
        }
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw new LoadTestException($"GET {modelUri} answered 200 but not with a model's JSON: {Excerpt(body)}; is it the service?");
        }
        using var _ = json;
        var root = json.RootElement;
        var state = root.TryGetProperty(StateField, out var stateValue) ? stateValue.GetString() : null;
        ServiceBatching? batching = null;
        if (root.TryGetProperty(BatchingField, out var b) && b.ValueKind == JsonValueKind.Object)
        {
            batching = new ServiceBatching(b.GetProperty(MaxBatchSizeField).GetInt32(), b.GetProperty(MaxDelayField).GetDouble(),
                b.GetProperty(QueueCapacityField).GetInt32());
        }
        return new ServiceModelStatus(state, batching);
    }

    /// <summary>The model's forward-pass histogram totals; null when <c>/metrics</c> is missing or has no batch for the model yet.</summary>
    public async Task<PassTotals?> PassTotalsAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(metricsUri, cancellationToken);
            if (!response.IsSuccessStatusCode)
                return null;
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return PrometheusText.Histogram(text, BatchSizeMetric, modelLabel) is { } images
                ? new PassTotals(images, PrometheusText.Histogram(text, BatchDurationMetric, modelLabel))
                : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Enough of a foreign answer (an HTML error page) to recognise it, not the whole page.</summary>
    private static string Excerpt(string body)
    {
        var flat = body.Trim().ReplaceLineEndings(" ");
        return flat.Length <= MaxExcerpt ? flat : string.Concat(flat.AsSpan(0, MaxExcerpt), " ...");
    }

    private const int MaxExcerpt = 200;

    private static double Elapsed(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
