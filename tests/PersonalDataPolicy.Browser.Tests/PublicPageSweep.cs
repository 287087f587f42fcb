using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Browser.Tests;

/// <summary>
/// One pass over every public page × kk/ru/en × standard and low-vision mode, before the statistics question is answered
/// (the fullest first screen), serving two checks with one load per page: axe at 1280 px (<see cref="AccessibilityTests"/>),
/// then the same page narrowed to 390 and 320 px (<see cref="PhoneLayoutTests"/>). The layout is CSS only, so a narrowed page
/// lays out as one loaded narrow; loading each page once for both checks halved the browser's work.
/// </summary>
internal sealed partial class PublicPageSweep(BrowserFixture browser)
{
    public const int ScreenHeight = 844;

    public static readonly int[] PhoneWidths = [390, 320];

    private const string MyDataOverview = "my-data/overview";

    private const string Search = "search";

    public static readonly string[] Pages =
    [
        "policy", "policy/versions", "policy/versions/1", "policy/faq", Search, "appeal", "appeal#failed",
        "my-data", MyDataOverview, "receipt", "cookies", "no-such-page",
    ];

    /// <summary>A word each language's policy text contains, so the search page shows results.</summary>
    private static readonly Dictionary<string, string> SearchWords = new() { ["kk"] = "деректер", ["ru"] = "данные", ["en"] = "data" };

    /// <summary>Pages whose Kazakh phone screen also goes into docs/accessibility.md (Kazakh words are the longest).</summary>
    private static readonly string[] KazakhDocsPages = ["policy", "appeal"];

    private Task<SweepResults>? _run;

    private static bool UpdateDocs => Environment.GetEnvironmentVariable("UPDATE_DOCS_SCREENSHOTS") == "1";

    /// <summary>The sweep, run by whichever of the two checks comes first (the browser tests run one after another).</summary>
    public Task<SweepResults> ResultsAsync() => _run ??= SweepAsync();

    private async Task<SweepResults> SweepAsync()
    {
        var receipt = await ReceiptPathAsync();
        var myData = await MyDataSessionAsync();
        var checks = new List<AxeCheck>();
        var views = new List<PageView>();
        foreach (var accessible in new[] { false, true })
        {
            var mode = accessible ? "low-vision" : "standard";
            await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
            if (accessible)
            {
                await context.AddCookiesAsync([new Cookie { Name = "display-mode", Value = "accessible", Url = browser.BaseUrl }]);
            }

            await AxeScan.AddToAsync(context);
            var page = await context.NewPageAsync();
            foreach (var culture in SiteLanguages.All)
            {
                foreach (var path in Pages)
                {
                    // Signed in only for the overview: signed in, "my data" itself shows the overview instead of the form.
                    if (path == MyDataOverview)
                    {
                        await context.AddCookiesAsync([myData]);
                    }

                    await page.SetViewportSizeAsync(1280, 900);
                    await OpenAsync(page, culture, path, receipt);
                    checks.Add(await CheckAccessibilityAsync(page, culture, mode, path));
                    foreach (var width in PhoneWidths)
                    {
                        await page.SetViewportSizeAsync(width, ScreenHeight);
                        var figures = await page.EvaluateAsync<JsonElement>(MeasureScript);
                        var view = new PageView(culture, mode, width, path, figures.GetProperty("scrollWidth").GetInt32(), figures.GetProperty("innerWidth").GetInt32(),
                            figures.GetProperty("headingTop").GetInt32(), figures.GetProperty("wide").GetString()!, figures.GetProperty("duplicateIds").GetString()!);
                        views.Add(view);
                        if (view.Fails || (width == PhoneWidths[0] && culture is SiteLanguages.Russian or SiteLanguages.Kazakh && UpdateDocs))
                        {
                            await PhoneScreenshotAsync(page, view);
                        }
                    }

                    if (path == MyDataOverview)
                    {
                        await context.ClearCookiesAsync(new BrowserContextClearCookiesOptions { Name = myData.Name });
                    }
                }
            }
        }

        return new SweepResults(checks, views);
    }

    /// <summary>axe against WCAG 2.2 AA; the low-vision version must also meet enhanced contrast (WCAG 1.4.6, 7:1).</summary>
    private static async Task<AxeCheck> CheckAccessibilityAsync(IPage page, string culture, string mode, string path)
    {
        List<string> tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
        if (mode == "low-vision")
        {
            tags.Add("wcag2aaa");
        }

        var serious = await AxeScan.SeriousViolationsAsync(page, tags);
        // A full-page PNG of every page on every run cost more than axe itself; the test output keeps the pages that fail,
        // to look at, and all Russian ones when the docs screenshots are renewed.
        var forDocs = culture == SiteLanguages.Russian && UpdateDocs;
        if (serious.Count > 0 || forDocs)
        {
            var view = $"{mode}-{Slug(path)}";
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"page-{culture}-{view}.png"), FullPage = true });
            if (forDocs)
            {
                // Small JPEGs of the first screen for docs/accessibility.md; the full PNGs stay in the test output.
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Repository.PathOf("docs", "screenshots", $"page-{view}.jpg"), Type = ScreenshotType.Jpeg, Quality = 60 });
            }
        }

        return new AxeCheck(culture, mode, path, serious.Count, string.Join("; ", serious.Select(v => $"{v.Id}: {string.Join(", ", v.Targets)}")));
    }

    /// <summary>
    /// Page width against the window's, where the h1 starts in the document (not the viewport: a failed form scrolls to its
    /// error summary), the elements wider than the window (to say what to fix), and ids used more than once.
    /// </summary>
    private const string MeasureScript = """
        () => {
          const h1 = document.querySelector('main h1');
          const inner = window.innerWidth;
          const wide = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > inner + 0.5)
            .slice(-3)
            .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px');
          const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
          const duplicates = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
          return {
            scrollWidth: document.documentElement.scrollWidth,
            innerWidth: inner,
            headingTop: h1 ? Math.round(h1.getBoundingClientRect().top + window.scrollY) : -1,
            wide: wide.join(', '),
            duplicateIds: duplicates.join(', '),
          };
        }
        """;

    private async Task OpenAsync(IPage page, string culture, string path, string receipt)
    {
        if (path == "receipt")
        {
            await page.GotoAsync(browser.BaseUrl + receipt.Replace("/en/", $"/{culture}/", StringComparison.Ordinal));
        }
        else if (path == "appeal#failed")
        {
            await page.GotoAsync($"{browser.BaseUrl}/{culture}/appeal");
            await page.Locator("#send-appeal").ClickAsync();
            // Wait for the answer's own content, not for a load state: asked right after the click, the load state may be
            // that of the form page still being left.
            await page.Locator("#error-summary").WaitForAsync();
            await page.WaitForLoadStateAsync();
        }
        else if (path == Search)
        {
            await page.GotoAsync($"{browser.BaseUrl}/{culture}/search?q={Uri.EscapeDataString(SearchWords[culture])}");
            await Assertions.Expect(page.Locator(".search-results li").First).ToBeVisibleAsync();
        }
        else
        {
            await page.GotoAsync($"{browser.BaseUrl}/{culture}/{path}");
            if (path == MyDataOverview)
            {
                await Assertions.Expect(page.Locator("main table.stacking tbody tr").First).ToBeVisibleAsync();
            }
        }
    }

    /// <summary>
    /// A full-page PNG in the test output of a phone view that fails (to see what to fix), and with UPDATE_DOCS_SCREENSHOTS=1 of
    /// the Russian and Kazakh ones at 390 px, with small first-screen JPEGs for docs/accessibility.md.
    /// </summary>
    private static async Task PhoneScreenshotAsync(IPage page, PageView view)
    {
        var name = $"phone-{view.Culture}-{view.Mode}-{Slug(view.Page)}";
        var png = view.Width == PhoneWidths[0] ? name : $"{name}-{view.Width}";
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, png + ".png"), FullPage = true });
        var forDocs = view.Width == PhoneWidths[0] && (view.Culture == SiteLanguages.Russian || KazakhDocsPages.Contains(view.Page));
        if (forDocs && UpdateDocs)
        {
            await page.EvaluateAsync("window.scrollTo(0, 0)");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Repository.PathOf("docs", "screenshots", name + ".jpg"), Type = ScreenshotType.Jpeg, Quality = 60 });
        }
    }

    private static string Slug(string path) => NonLetters().Replace(path, "-").Trim('-');

    private async Task<string> ReceiptPathAsync()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(browser.BaseUrl) };
        var response = await Forms.PostAppealAsync(client, "en", Forms.ValidAppeal(email: "sweep.receipt@example.kz"));
        if (response.Headers.Location is null)
        {
            throw new InvalidOperationException($"The appeal for the receipt page answered {(int)response.StatusCode}.");
        }

        return response.Headers.Location.OriginalString;
    }

    /// <summary>The cookie of a "my data" session, opened from the mailed link as a person would, whose record has consents and an appeal.</summary>
    private async Task<Cookie> MyDataSessionAsync()
    {
        const string email = "sweep.mydata@example.kz";
        var fields = Forms.ValidAppeal(lastName: "Телефонова", email: email);
        fields["Form.ConsentToMarketing"] = "true";
        (await Forms.PostAppealAsync(browser.Site.CreateClient(), "ru", fields)).EnsureSuccessStatusCode();

        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(browser.BaseUrl + "/ru/my-data");
        await page.Locator("#Email").FillAsync(email);
        await page.Locator("#Email").PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Проверьте почту");
        var mail = await PickupMail.WaitForAsync(browser.Site.PickupDirectory, email, SiteLink());
        await page.GotoAsync(browser.BaseUrl + new Uri(SiteLink().Match(mail.TextBody!).Value).PathAndQuery);
        await page.Locator("main form button[type=submit]").First.ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Телефонова");
        var session = (await context.CookiesAsync()).Single(c => c.Name == "my-data-session");
        return new Cookie { Name = session.Name, Value = session.Value, Domain = session.Domain, Path = session.Path, HttpOnly = session.HttpOnly, Secure = session.Secure, SameSite = session.SameSite };
    }

    [GeneratedRegex(@"https?://\S+/my-data/open\?token=\S+")]
    private static partial Regex SiteLink();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonLetters();
}

internal sealed record SweepResults(IReadOnlyList<AxeCheck> Accessibility, IReadOnlyList<PageView> PhoneViews);

/// <summary>One page's axe result: how many serious or critical violations, and which rules on which elements.</summary>
internal sealed record AxeCheck(string Culture, string Mode, string Page, int Serious, string Details);

/// <summary>One page at one phone width, as measured in the page.</summary>
internal sealed record PageView(string Culture, string Mode, int Width, string Page, int ScrollWidth, int InnerWidth, int HeadingTop, string Wide, string DuplicateIds)
{
    public bool Scrolls => ScrollWidth > InnerWidth;

    public bool HeadingLow => HeadingTop < 0 || HeadingTop >= PublicPageSweep.ScreenHeight;

    public bool HasDuplicateIds => DuplicateIds.Length > 0;

    public bool Fails => Scrolls || HeadingLow || HasDuplicateIds;
}
