using Microsoft.Playwright;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Browser.Tests;

/// <summary>
/// Issue 16, part 3: a phone visitor fills the CSHI calculator from the footer link in the standard and the low-vision
/// mode, with the keyboard's Enter and no script, and reads the figure; the page fits 390 and 320 px and has no serious
/// axe finding. With UPDATE_DOCS_SCREENSHOTS=1 the two answers are saved as docs/screenshots/cshi-calculator-*.png.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class CshiCalculatorBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string NoBreak = "\u00A0";

    [Theory]
    [InlineData(false, "normal")]
    [InlineData(true, "low-vision")]
    public async Task A_phone_visitor_calculates_an_employees_contribution_in_both_display_modes(bool lowVision, string mode)
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "ru-RU",
            JavaScriptEnabled = false,
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(browser.BaseUrl + "/ru/policy");
        if (lowVision)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Версия для слабовидящих" }).ClickAsync();
            await Assertions.Expect(page.Locator("body")).ToHaveClassAsync("accessible");
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Калькулятор ОСМС" }).ClickAsync();
        Assert.EndsWith("/ru/cshi-calculator", page.Url, StringComparison.Ordinal);

        await page.GetByLabel("Год", new() { Exact = true }).SelectOptionAsync("2026");
        await page.GetByLabel("Работник (взносы удерживаются из зарплаты)", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Ежемесячный доход, тенге", new() { Exact = true }).FillAsync("2 000 000");
        await page.GetByLabel("Ежемесячный доход, тенге", new() { Exact = true }).PressAsync("Enter");

        var amount = page.Locator(".cshi-amount strong");
        await Assertions.Expect(amount).ToHaveTextAsync($"34{NoBreak}000,00{NoBreak}₸");
        await Assertions.Expect(page.Locator(".cshi-formula")).ToHaveTextAsync($"2{NoBreak}% × 1{NoBreak}700{NoBreak}000,00{NoBreak}₸ = 34{NoBreak}000,00{NoBreak}₸");
        await Assertions.Expect(page.Locator(".cshi-figures")).ToContainTextAsync("выше предела 20 × МЗП");
        // The form keeps what was typed, so a second figure is one edit away.
        await Assertions.Expect(page.GetByLabel("Ежемесячный доход, тенге", new() { Exact = true })).ToHaveValueAsync("2 000 000");
        Assert.Equal(lowVision, (await page.Locator("body").GetAttributeAsync("class"))?.Contains("accessible", StringComparison.Ordinal) == true);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"cshi-calculator-{mode}.png"), FullPage = true });
        if (Environment.GetEnvironmentVariable("UPDATE_DOCS_SCREENSHOTS") == "1")
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Repository.PathOf("docs", "screenshots", $"cshi-calculator-{mode}.png"), FullPage = true });
        }

        // Measuring needs script: the same answer, opened again in a page that runs it.
        var answer = page.Url;
        await using var measuring = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        if (lowVision)
        {
            await measuring.AddCookiesAsync([new Cookie { Name = "display-mode", Value = "accessible", Url = browser.BaseUrl }]);
        }

        var measured = await measuring.NewPageAsync();
        await measured.GotoAsync(answer);
        await Assertions.Expect(measured.Locator(".cshi-amount strong")).ToHaveTextAsync($"34{NoBreak}000,00{NoBreak}₸");
        var top = await measured.EvaluateAsync<double>("document.querySelector('.cshi-amount strong').getBoundingClientRect().bottom");
        Assert.True(top < 2 * 844, $"the figure is within the first two screens ({top:0} px), above the form");
        foreach (var width in new[] { 390, 320 })
        {
            await measured.SetViewportSizeAsync(width, 844);
            Assert.True(await measured.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"no sideways scrolling at {width} px");
        }

        await measured.SetViewportSizeAsync(390, 844);
        var serious = await AxeScan.SeriousViolationsAsync(measured);
        foreach (var violation in serious)
        {
            output.WriteLine(violation.ToString());
        }

        Assert.Empty(serious);
    }
}
