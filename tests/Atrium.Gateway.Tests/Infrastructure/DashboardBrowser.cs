using Microsoft.Playwright;

namespace Atrium.Gateway.Tests.Infrastructure;

/// <summary>
/// Debian's <c>chromium</c>, headless, driven by Playwright (which cannot download browsers of its own here), with a
/// page signed in to a gateway's dashboard through its login form.
/// </summary>
internal sealed class DashboardBrowser : IAsyncDisposable
{
    private const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private DashboardBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>Where the tests leave their screenshots (the ones in docs/ are copies of these).</summary>
    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static async Task<DashboardBrowser> LaunchAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: install Debian's chromium (apt-get install chromium), as ./test.sh does.");
        }

        var playwright = await Playwright.CreateAsync();
        // As root (containers, CI) chromium refuses to start with its sandbox.
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        return new DashboardBrowser(playwright, browser);
    }

    /// <summary>A fresh browser context (no cookies) on a 1400×1000 window.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        return await context.NewPageAsync();
    }

    /// <summary>Opens the dashboard of <paramref name="gateway"/> and signs in with its admin token through the form.</summary>
    public async Task<IPage> SignedInAsync(GatewayHost gateway)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(gateway.AdminAddress, "/").ToString());
        await page.FillAsync("#token", GatewayHost.AdminToken);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Uri(gateway.AdminAddress, "/").ToString());
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        return page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, name), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
