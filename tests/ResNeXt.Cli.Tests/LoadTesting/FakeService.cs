using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ResNeXt.Cli.Tests.LoadTesting;

/// <summary>
/// Stands in for the service on 127.0.0.1: <c>GET /v1/models/{model}</c>, <c>POST …/predict</c> answered by a script
/// keyed on the request's arrival number, and <c>/metrics</c> with a batch-size histogram that grows by
/// <see cref="ImagesPerBatch"/> per answered request and a pass-duration histogram by <see cref="PassSeconds"/>, so the
/// expected mean batch size and pass time are exact.
/// </summary>
internal sealed class FakeService : IAsyncDisposable
{
    public const double ImagesPerBatch = 2;

    public const double PassSeconds = 0.00005;

    private const int MaxBatchSize = 4;
    private const int TruncatedDeclaredLength = 100;
    private const int TruncatedSentLength = 10;

    private readonly HttpListener listener = new();
    private readonly Task loop;
    private readonly Func<int, PredictAnswer> script;
    private readonly string model;
    private readonly Lock gate = new();
    private int predictions;
    private double batchSum;
    private double batchCount;

    /// <param name="script">Arrival number (from 1) to what that predict request gets.</param>
    public FakeService(string model, Func<int, PredictAnswer> script)
    {
        this.model = model;
        this.script = script;
        BaseUrl = $"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}/";
        listener.Prefixes.Add(BaseUrl);
        listener.Start();
        loop = Task.Run(AcceptAsync);
    }

    public string BaseUrl { get; }

    public int Predictions
    {
        get
        {
            lock (gate) return predictions;
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        try
        {
            await loop;
        }
        catch (HttpListenerException)
        {
            // Stop() ends the pending GetContextAsync with this; it is how the loop is asked to finish.
        }
        catch (ObjectDisposedException)
        {
            // Same, depending on where the loop was.
        }
        catch (InvalidOperationException)
        {
            // Stopped between the loop's IsListening check and its next GetContextAsync (a service disposed at once).
        }
        listener.Close();
    }

    private async Task AcceptAsync()
    {
        while (listener.IsListening)
        {
            var context = await listener.GetContextAsync();
            _ = Task.Run(() => Serve(context));
        }
    }

    private void Serve(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        if (context.Request.HttpMethod == "POST" && path == $"/v1/models/{model}/predict")
        {
            Predict(context);
        }
        else if (path == $"/v1/models/{model}")
        {
            // The API's snake_case shape of GET /v1/models/{model}, reduced to what the load test reads.
            Write(context.Response, HttpStatusCode.OK, JsonSerializer.Serialize(new
            {
                name = model,
                state = "ready",
                batching = new { max_batch_size = MaxBatchSize, max_delay_ms = 5, queue_capacity = 64, default_timeout_ms = 30000 },
            }));
        }
        else if (path == "/metrics")
        {
            lock (gate)
            {
                Write(context.Response, HttpStatusCode.OK, Invariant($$"""
                    # TYPE resnext_batch_size histogram
                    resnext_batch_size_bucket{model="{{model}}",otel_scope_name="ResNeXt.Inference",le="+Inf"} {{batchCount}}
                    resnext_batch_size_sum{model="{{model}}",otel_scope_name="ResNeXt.Inference"} {{batchSum}}
                    resnext_batch_size_count{model="{{model}}",otel_scope_name="ResNeXt.Inference"} {{batchCount}}
                    resnext_batch_size_sum{model="other",otel_scope_name="ResNeXt.Inference"} 1000
                    resnext_batch_size_count{model="other",otel_scope_name="ResNeXt.Inference"} 1
                    # TYPE resnext_batch_duration_seconds histogram
                    resnext_batch_duration_seconds_sum{model="{{model}}",otel_scope_name="ResNeXt.Inference"} {{batchCount * PassSeconds}}
                    resnext_batch_duration_seconds_count{model="{{model}}",otel_scope_name="ResNeXt.Inference"} {{batchCount}}
                    resnext_batch_duration_seconds_sum{model="other",otel_scope_name="ResNeXt.Inference"} 1000
                    resnext_batch_duration_seconds_count{model="other",otel_scope_name="ResNeXt.Inference"} 1

                    """));
            }
        }
        else
        {
            Write(context.Response, HttpStatusCode.NotFound, "{}");
        }
    }

    private void Predict(HttpListenerContext context)
    {
        context.Request.InputStream.CopyTo(Stream.Null);
        int number;
        lock (gate) number = ++predictions;
        var answer = script(number);
        switch (answer.Kind)
        {
            case PredictAnswerKind.Status:
                if ((int)answer.Status is >= 200 and < 300)
                {
                    lock (gate)
                    {
                        batchSum += ImagesPerBatch;
                        batchCount++;
                    }
                }
                Write(context.Response, answer.Status, """{"predictions":[]}""");
                break;
            case PredictAnswerKind.Truncated:
                // Headers promise more body than comes: the client fails reading it, after bytes arrived, so it cannot
                // retry the request on a fresh connection and the failure is counted exactly once.
                context.Response.ContentLength64 = TruncatedDeclaredLength;
                context.Response.OutputStream.Write(new byte[TruncatedSentLength]);
                context.Response.OutputStream.Flush();
                context.Response.Abort();
                break;
        }
    }

    private static void Write(HttpListenerResponse response, HttpStatusCode status, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = (int)status;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        response.OutputStream.Write(bytes);
        response.Close();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
