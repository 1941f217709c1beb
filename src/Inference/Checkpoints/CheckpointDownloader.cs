using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Inference.Checkpoints;

/// <summary>
/// Fetches a checkpoint into a folder under the file name its URL ends in. Bytes land in <c>&lt;file&gt;.partial</c>,
/// which an interrupted or cancelled download leaves behind and the next call resumes with an HTTP Range request; the
/// file is checked against the sha256 prefix its name carries and only then renamed into place, so a file under the
/// final name is always complete and verified. Thread-safe. Two downloads of the same file at once cannot corrupt it:
/// the partial file is opened exclusively and the second one fails.
/// </summary>
public sealed partial class CheckpointDownloader(
    HttpClient httpClient,
    IOptions<CheckpointDownloadOptions> options,
    TimeProvider timeProvider,
    ILogger<CheckpointDownloader>? logger = null) : ICheckpointDownloader
{
    public const string PartialSuffix = ".partial";

    private const int CopyBufferSize = 1 << 16;
    private const int FullSha256HexLength = 64;

    private readonly CheckpointDownloadOptions _options = options.Value;
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Downloads an official checkpoint from <see cref="CheckpointDownloadOptions.BaseUrl"/> (default: OpenMMLab).</summary>
    /// <exception cref="CheckpointDownloadException">The download failed for good or the file is corrupt.</exception>
    public Task<CheckpointDownloadResult> DownloadAsync(
        ModelCatalogEntry entry,
        string directory,
        IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var url = ModelCatalog.OfficialUrl(entry, AsFolderUrl(_options.BaseUrl));
        return DownloadAsync(url, directory, entry.Sha256Prefix, progress, cancellationToken);
    }

    /// <summary>Downloads <paramref name="url"/> into <paramref name="directory"/>, keeping the URL's file name.</summary>
    /// <param name="expectedSha256Prefix">Leading hex digits of the file's sha256; null skips verification.</param>
    /// <exception cref="CheckpointDownloadException">The download failed for good or the file is corrupt.</exception>
    public async Task<CheckpointDownloadResult> DownloadAsync(
        Uri url,
        string directory,
        string? expectedSha256Prefix,
        IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ValidateSha256Prefix(expectedSha256Prefix);

        var finalPath = Path.Combine(directory, FileNameOf(url));
        var partialPath = finalPath + PartialSuffix;
        if (File.Exists(finalPath))
        {
            if (await MatchesAsync(finalPath, expectedSha256Prefix, cancellationToken))
                return new CheckpointDownloadResult(finalPath, new FileInfo(finalPath).Length, AlreadyPresent: true);
            Log.ReplacingUnverifiedFile(_logger, finalPath);
        }

        // Found only after the whole transfer otherwise, when the partial file cannot be opened or moved into place.
        if (new[] { finalPath, partialPath }.FirstOrDefault(Directory.Exists) is { } folder)
            throw CheckpointDownloadException.Failed(url, $"'{folder}' is a folder, where the download's file goes; move it away first");

        Directory.CreateDirectory(directory);
        await FetchWithRetriesAsync(url, partialPath, progress, cancellationToken);
        await VerifyOrDeleteAsync(url, partialPath, expectedSha256Prefix, cancellationToken);
        File.Move(partialPath, finalPath, overwrite: true);
        return new CheckpointDownloadResult(finalPath, new FileInfo(finalPath).Length, AlreadyPresent: false);
    }

    private async Task FetchWithRetriesAsync(
        Uri url, string partialPath, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var fruitlessAttempts = 0;
        while (true)
        {
            var lengthBefore = PartialLength(partialPath);
            try
            {
                await FetchOnceAsync(url, partialPath, progress, cancellationToken);
                return;
            }
            catch (Exception error) when (IsTransient(error, cancellationToken))
            {
                fruitlessAttempts = PartialLength(partialPath) > lengthBefore ? 0 : fruitlessAttempts + 1;
                if (fruitlessAttempts >= _options.MaxAttempts)
                {
                    var resume = PartialLength(partialPath) > 0 ? "; run again to resume" : "";
                    throw CheckpointDownloadException.Failed(url,
                        $"{error.Message} ({fruitlessAttempts} attempts in a row added nothing{resume})", error);
                }

                var delay = _options.InitialRetryDelay * Math.Pow(2, Math.Max(0, fruitlessAttempts - 1));
                Log.Retrying(_logger, url, delay, error.Message);
                await Task.Delay(delay, timeProvider, cancellationToken);
            }
        }
    }

    private async Task FetchOnceAsync(
        Uri url, string partialPath, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var resumeFrom = PartialLength(partialPath);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (resumeFrom > 0)
            request.Headers.Range = new RangeHeaderValue(resumeFrom, to: null);

        using var response = await SendAsync(request, cancellationToken);
        if (IsCompleteAlready(response, resumeFrom))
            return;

        var (offset, total) = WritePlan(url, response, partialPath, resumeFrom);
        await using var file = new FileStream(
            partialPath, offset == 0 ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.None,
            CopyBufferSize, FileOptions.Asynchronous);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var received = await CopyAsync(body, file, offset, total, progress, cancellationToken);

        if (total is { } expected && received != expected)
            throw new IOException($"The connection closed after {received} of {expected} bytes.");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var stall = new CancellationTokenSource(_options.StallTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
        try
        {
            return await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
        }
        catch (OperationCanceledException) when (stall.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Stalled();
        }
    }

    /// <summary>
    /// A 416 to a Range request starting at the partial file's length means the previous attempt received every byte
    /// but stopped before verification (RFC 9110 15.5.17: the server reports the full length in Content-Range).
    /// </summary>
    private static bool IsCompleteAlready(HttpResponseMessage response, long resumeFrom) =>
        resumeFrom > 0 && response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable &&
        response.Content.Headers.ContentRange?.Length == resumeFrom;

    /// <summary>Where the body goes in the partial file, and how long the whole file is when the server says.</summary>
    private (long Offset, long? Total) WritePlan(Uri url, HttpResponseMessage response, string partialPath, long resumeFrom)
    {
        var headers = response.Content.Headers;
        switch (response.StatusCode)
        {
            case HttpStatusCode.PartialContent when headers.ContentRange?.From == resumeFrom:
                return (resumeFrom, headers.ContentRange.Length ?? resumeFrom + headers.ContentLength);
            case HttpStatusCode.OK:
                // RFC 9110 14.2 lets a server ignore Range and send the whole file; then we start over.
                if (resumeFrom > 0)
                    Log.RangeIgnored(_logger, url);
                return (0, headers.ContentLength);
            case HttpStatusCode.PartialContent or HttpStatusCode.RequestedRangeNotSatisfiable:
                File.Delete(partialPath);
                throw new IOException($"The server could not resume at byte {resumeFrom}; starting over.");
            default:
                throw StatusFailure(url, response);
        }
    }

    private async Task<long> CopyAsync(
        Stream body, FileStream file, long offset, long? total, IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken)
    {
        var buffer = new byte[CopyBufferSize];
        var started = timeProvider.GetTimestamp();
        long? lastReport = null;
        var received = offset;

        void Report(bool force)
        {
            if (progress is null || (!force && lastReport is { } last && timeProvider.GetElapsedTime(last) < _options.ProgressInterval))
                return;
            var seconds = timeProvider.GetElapsedTime(started).TotalSeconds;
            progress.Report(new DownloadProgress(received, total, seconds > 0 ? (received - offset) / seconds : 0));
            lastReport = timeProvider.GetTimestamp();
        }

        using var stall = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
        Report(force: true);
        while (true)
        {
            stall.CancelAfter(_options.StallTimeout);
            int read;
            try
            {
                read = await body.ReadAsync(buffer, linked.Token);
            }
            catch (OperationCanceledException) when (stall.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw Stalled();
            }

            if (read == 0)
                break;
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            received += read;
            Report(force: false);
        }

        Report(force: true);
        return received;
    }

    private static Exception StatusFailure(Uri url, HttpResponseMessage response)
    {
        var status = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        return IsTransient(response.StatusCode)
            ? new HttpRequestException($"The server answered {status}.", inner: null, response.StatusCode)
            : CheckpointDownloadException.Failed(url, $"the server answered {status}.");
    }

    private TimeoutException Stalled() =>
        new($"No data arrived for {_options.StallTimeout.TotalSeconds:0.#} s.");

    private static bool IsTransient(Exception error, CancellationToken cancellationToken) => error switch
    {
        // HttpClient.Timeout surfaces as a cancellation the caller did not ask for.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        HttpRequestException { StatusCode: { } status } => IsTransient(status),
        HttpRequestException or IOException or TimeoutException => true,
        _ => false,
    };

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static async Task VerifyOrDeleteAsync(
        Uri url, string partialPath, string? expectedSha256Prefix, CancellationToken cancellationToken)
    {
        if (expectedSha256Prefix is null)
            return;
        var actual = await Sha256HexAsync(partialPath, cancellationToken);
        if (actual.StartsWith(expectedSha256Prefix, StringComparison.OrdinalIgnoreCase))
            return;

        // Resuming a corrupt file would only append to the corruption.
        File.Delete(partialPath);
        throw CheckpointDownloadException.ChecksumMismatch(url, expectedSha256Prefix, actual);
    }

    private static async Task<bool> MatchesAsync(string path, string? expectedSha256Prefix, CancellationToken cancellationToken) =>
        expectedSha256Prefix is null ||
        (await Sha256HexAsync(path, cancellationToken)).StartsWith(expectedSha256Prefix, StringComparison.OrdinalIgnoreCase);

    private static async Task<string> Sha256HexAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(
            path, FileMode.Open, FileAccess.Read, FileShare.Read, CopyBufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private static long PartialLength(string partialPath) =>
        File.Exists(partialPath) ? new FileInfo(partialPath).Length : 0;

    private static string FileNameOf(Uri url)
    {
        var name = Uri.UnescapeDataString(url.Segments[^1]);
        if (name is "" or "." or ".." || name != Path.GetFileName(name))
            throw new ArgumentException($"'{url}' does not end in a file name.", nameof(url));
        return name;
    }

    private static void ValidateSha256Prefix(string? prefix)
    {
        if (prefix is not null && (prefix.Length is 0 or > FullSha256HexLength || !prefix.All(char.IsAsciiHexDigit)))
            throw new ArgumentException($"'{prefix}' is not a sha256 hex prefix.", nameof(prefix));
    }

    /// <summary>
    /// <see cref="Uri"/> resolves a relative name against the base's last '/', so a mirror given as
    /// <c>https://host/mirror</c> would lose its last segment without the trailing slash.
    /// </summary>
    private static string? AsFolderUrl(string? baseUrl) =>
        baseUrl is null || baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/";

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Download of {Url} failed ({Reason}); retrying in {Delay}")]
        public static partial void Retrying(ILogger logger, Uri url, TimeSpan delay, string reason);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "{Url} ignored the Range request; downloading from the start")]
        public static partial void RangeIgnored(ILogger logger, Uri url);

        [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "{Path} does not match its checksum; downloading it again")]
        public static partial void ReplacingUnverifiedFile(ILogger logger, string path);
    }
}
