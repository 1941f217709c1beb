using Microsoft.Playwright;
using ResNeXt.Api.Problems;
using ResNeXt.Api.Tests.Infrastructure;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Api.Tests;

/// <summary>
/// The demo page and Swagger UI driven by Debian's Chromium through Playwright's driver (shipped in the NuGet
/// package); Playwright's own browser download never runs. Without Chromium the tests skip locally and fail in CI.
/// </summary>
public sealed class BrowserTests(KestrelApiFactory factory) : IClassFixture<KestrelApiFactory>
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string ScreenshotPath = "/tmp/demo.png";
    private const float TimeoutMs = 30_000;

    [Fact]
    public async Task DemoPageClassifiesAnUploadedPngIntoFiveBars()
    {
        await using var browser = await LaunchAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 900, Height = 900 } });
        page.SetDefaultTimeout(TimeoutMs);
        var errors = RecordErrors(page);
        await page.GotoAsync(factory.Address.ToString());
        await Assertions.Expect(page.Locator("#model option")).ToHaveCountAsync(ModelCount);

        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "cat.png", MimeType = "image/png", Buffer = TestImages.Png(64) });

        await Assertions.Expect(page.Locator("#bars li")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync(" ms");
        await Assertions.Expect(page.Locator("#engine")).ToHaveTextAsync(
            $"Backend: {EngineBackend.OnnxRuntime.ToName()} · JPEG decoder: {JpegDecoding.Backend.ToName()}");
        // Headless Chromium skips favicons, so the one the page names is fetched here: a browser with a tab bar would.
        var icon = await page.Locator("link[rel=icon]").GetAttributeAsync("href");
        var iconResponse = await page.APIRequest.GetAsync(new Uri(factory.Address, icon).ToString());
        Assert.Equal(200, iconResponse.Status);
        Assert.StartsWith("image/", iconResponse.Headers["content-type"]);
        await page.ScreenshotAsync(new() { Path = ScreenshotPath, FullPage = true });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task SwaggerUiShowsTheProblemUrnAsText()
    {
        await using var browser = await LaunchAsync();
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(TimeoutMs);
        var errors = RecordErrors(page);
        await page.GotoAsync(new Uri(factory.Address, "/swagger/index.html").ToString());

        await Assertions.Expect(page.Locator(".info .description")).ToContainTextAsync($"{ProblemCatalog.TypePrefix}<code>");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task SwaggerUiTryItOutPredictsAnUploadedFile()
    {
        await using var browser = await LaunchAsync();
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(TimeoutMs);
        await page.GotoAsync(new Uri(factory.Address, "/swagger/index.html").ToString());

        var operation = page.Locator("#operations-Inference-Predict");
        await operation.Locator(".opblock-summary").First.ClickAsync();
        await operation.GetByRole(AriaRole.Button, new() { Name = "Try it out" }).ClickAsync();
        await operation.Locator("input[placeholder='model']").FillAsync(Inference.Registry.ModelCatalog.DefaultModel);
        await operation.Locator("input[type=file]").First.SetInputFilesAsync(
            new FilePayload { Name = "cat.png", MimeType = "image/png", Buffer = TestImages.Png(20) });
        await operation.GetByRole(AriaRole.Button, new() { Name = "Execute" }).ClickAsync();

        await Assertions.Expect(operation.Locator(".live-responses-table tbody .response-col_status").First).ToContainTextAsync("200");
        await Assertions.Expect(operation.Locator(".live-responses-table tbody .response-col_description").First).ToContainTextAsync("pred_label");
    }

    private static int ModelCount => Inference.Registry.ModelCatalog.Entries.Count;

    /// <summary>
    /// Console errors, uncaught exceptions and failed responses (a missing favicon is both a 404 and a console error):
    /// a page a user opens must not log any.
    /// </summary>
    private static List<string> RecordErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (errors) errors.Add($"console: {message.Text}");
        };
        page.PageError += (_, error) => { lock (errors) errors.Add($"page error: {error}"); };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400) lock (errors) errors.Add($"{response.Status} {response.Url}");
        };
        return errors;
    }

    private static async Task<IBrowser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            // CI must prove the pages work, so a missing browser there is a failure; a developer without it may skip.
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
                $"{ChromiumPath} is missing; CI needs Debian's chromium package for the browser tests.");
            Assert.Skip($"{ChromiumPath} is not installed.");
        }
        var playwright = await Playwright.CreateAsync();
        return await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }
}
