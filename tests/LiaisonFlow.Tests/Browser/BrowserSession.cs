using System.Text.Json;
using LiaisonFlow.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit;

namespace LiaisonFlow.Tests.Browser;

/// <summary>
/// Debian's headless Chromium driven by Playwright (never downloading a browser), one page at a given
/// width, collecting what the page logs as an error (script errors and Content-Security-Policy
/// violations), with the checks every page gets: no weakened CSP, axe-core, fits its width, a screenshot.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    static readonly Lazy<string> Axe = new(() => File.ReadAllText(Path.Combine(RepoPaths.Root, "node_modules", "axe-core", "axe.min.js")));

    IPlaywright playwright = null!;
    IBrowser browser = null!;

    BrowserSession(int width)
    {
        Width = width;
    }

    public int Width { get; }

    public IPage Page { get; private set; } = null!;

    /// <summary>Script errors and console errors (CSP violations among them) since the last <see cref="AssertNoErrors"/>.</summary>
    public List<string> Errors { get; } = [];

    public List<string> Dialogs { get; } = [];

    public static async Task<BrowserSession> StartAsync(int width = 1280, int height = 900)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium (test.sh does: apt-get install -y chromium).");
        var session = new BrowserSession(width);
        session.playwright = await Playwright.CreateAsync();
        session.browser = await session.playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var context = await session.browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "en-GB" });
        session.Page = await context.NewPageAsync();
        session.Page.Dialog += (_, dialog) => { session.Dialogs.Add(dialog.Message); _ = dialog.DismissAsync(); };
        session.Page.PageError += (_, error) => session.Errors.Add(error);
        session.Page.Console += (_, message) => { if (message.Type == "error") session.Errors.Add(message.Text); };
        // The console only says "Failed to load resource"; this says which.
        session.Page.Response += (_, response) => { if (response.Status >= 400) session.Errors.Add($"{response.Status} {response.Request.Method} {response.Url}"); };
        return session;
    }

    /// <summary>Opens a page and checks its policy: scripts and styles from the app only, nothing inline or eval'd.</summary>
    public async Task<IResponse> OpenAsync(string url)
    {
        var response = await Page.GotoAsync(url);
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        var policy = await response.HeaderValueAsync("content-security-policy");
        Assert.NotNull(policy);
        Assert.StartsWith("default-src 'none'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Contains("connect-src 'self'", policy);
        return response;
    }

    /// <summary>axe-core run in the page (evaluated by the driver, so the page's CSP stays as served): no serious or critical violation.</summary>
    public async Task AssertAccessibleAsync(string what)
    {
        await Page.EvaluateAsync("() => { " + Axe.Value + "\n}");
        var violations = await Page.EvaluateAsync<string[]>(
            """
            async () => (await axe.run(document, { resultTypes: ["violations"] })).violations
              .filter(v => v.impact === "serious" || v.impact === "critical")
              .map(v => v.impact + " " + v.id + ": " + v.help + " at " + v.nodes.map(n => n.target.join(" ")).join(", "))
            """);
        Assert.True(violations.Length == 0, $"{what}: axe-core found {string.Join("; ", violations)}");
    }

    /// <summary>The page does not scroll sideways at this width.</summary>
    public async Task AssertFitsAsync(string what)
    {
        var scrollWidth = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var widest = scrollWidth <= Width ? "" : await Page.EvaluateAsync<string>(
            "w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w)"
            + ".map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 8).join(', ')", Width);
        Assert.True(scrollWidth <= Width, $"{what}: {scrollWidth} px wide at a {Width} px viewport; beyond it: {widest}");
    }

    /// <summary>A screenshot in artifacts/: the full page, or only one part of it (e.g. the LS detail under a long list).</summary>
    public async Task ScreenshotAsync(string name, ILocator? part = null)
    {
        var folder = Path.Combine(RepoPaths.Root, "artifacts");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        if (part is null) await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        else await part.ScreenshotAsync(new() { Path = path });
    }

    public void AssertNoErrors()
    {
        Assert.Empty(Dialogs);
        Assert.True(Errors.Count == 0, "The page logged: " + JsonSerializer.Serialize(Errors));
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
    }
}
