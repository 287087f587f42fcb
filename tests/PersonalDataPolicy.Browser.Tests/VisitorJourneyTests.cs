using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Browser.Tests;

[Collection(SharedBrowser.Name)]
public sealed partial class VisitorJourneyTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_visitor_reads_the_policy_switches_language_turns_on_large_type_and_submits_an_appeal_with_the_keyboard_only()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "ru-RU", ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();

        // The root sends a Russian-speaking visitor to the Russian policy.
        await page.GotoAsync(browser.BaseUrl + "/");
        Assert.EndsWith("/ru/policy", page.Url);
        Assert.Equal("ru", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Политика");
        await page.Locator("nav.toc a[href='#section-6']").ClickAsync();
        Assert.EndsWith("#section-6", page.Url);
        await ScreenshotAsync(page, "1-policy-ru");

        // The language switch keeps the page.
        await page.Locator("nav.languages a[hreflang='kk']").ClickAsync();
        Assert.EndsWith("/kk/policy", page.Url);
        Assert.Equal("kk", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("саясат");
        await ScreenshotAsync(page, "2-policy-kk");

        // The version for the visually impaired: large type, no decorative images, remembered across pages.
        var normalSize = await FontSizeAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Нашар көретіндерге арналған нұсқа" }).ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveClassAsync("accessible");
        Assert.EndsWith("/kk/policy", page.Url);
        Assert.True(await FontSizeAsync(page) >= 1.4 * normalSize, "large type");
        Assert.Equal(0, await page.Locator("svg.emblem").CountAsync());
        await ScreenshotAsync(page, "3-policy-kk-accessible");

        await page.Locator("footer a", new() { HasText = "Өтініш беру" }).ClickAsync();
        Assert.EndsWith("/kk/appeal", page.Url);
        Assert.Contains("accessible", await page.GetAttributeAsync("body", "class"));

        // Keyboard only from here: Tab into the form, type, Space for checkboxes, Enter to send.
        await TabToAsync(page, "Form_LastName");
        await page.Keyboard.TypeAsync("Сейітова");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Гүлнар");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("gulnar.browser@example.kz");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("8 701 555 44 33");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Менің сақтандыру мәртебем қандай?");

        // Sending without consent brings the form back with the error summary and the typed values kept.
        await TabToAsync(page, "Form_ConsentToMarketing");
        await TabToAsync(page, "send-appeal");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForLoadStateAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("келісім беріңіз");
        Assert.Equal("Сейітова", await page.InputValueAsync("#Form_LastName"));
        Assert.Equal("true", await page.GetAttributeAsync("#Form_ConsentToProcessing", "aria-invalid"));
        await ScreenshotAsync(page, "4-appeal-kk-error");

        await TabToAsync(page, "Form_ConsentToProcessing");
        await page.Keyboard.PressAsync("Space");
        Assert.True(await page.IsCheckedAsync("#Form_ConsentToProcessing"));
        Assert.False(await page.IsCheckedAsync("#Form_ConsentToMarketing"));
        await TabToAsync(page, "send-appeal");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(ReceiptUrl());

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Өтінішіңіз қабылданды");
        await Assertions.Expect(page.Locator(".receipt-terms")).ToContainTextAsync("g***@e***.kz");
        await Assertions.Expect(page.Locator(".receipt-purpose:has(#purpose-MarketingNotifications)")).ToContainTextAsync("берілмеген");
        await ScreenshotAsync(page, "5-receipt-kk-accessible");
    }

    [Theory]
    [InlineData("/en/policy")]
    [InlineData("/ru/appeal")]
    [InlineData("/kk/search?q=деректер")]
    public async Task Pages_have_no_serious_accessibility_violations_on_a_phone(string path)
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 375, Height = 812 }, IsMobile = true, HasTouch = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync(browser.BaseUrl + path);

        var serious = await AxeScan.SeriousViolationsAsync(page);
        foreach (var violation in serious)
        {
            output.WriteLine(violation.ToString());
        }

        Assert.Empty(serious);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "no horizontal scrolling on a phone");
        await ScreenshotAsync(page, "phone" + Regex.Replace(path, "[^a-z]+", "-"));
    }

    /// <summary>Presses Tab until the element with this id has the focus, as a keyboard user would.</summary>
    private static async Task TabToAsync(IPage page, string id)
    {
        for (var i = 0; i < 60; i++)
        {
            if (await page.EvaluateAsync<string>("document.activeElement.id") == id)
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        throw new InvalidOperationException($"Tab never reached #{id}");
    }

    [Fact]
    public async Task On_a_phone_in_the_low_vision_version_a_visitor_submits_corrects_and_resubmits_an_appeal_without_a_bare_page()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "ru-RU", ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(browser.BaseUrl + "/ru/appeal");
        await page.GetByRole(AriaRole.Button, new() { Name = "Версия для слабовидящих" }).ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveClassAsync("accessible");

        await page.Locator("#Form_LastName").FillAsync("Телефонная");
        await page.Locator("#Form_FirstName").FillAsync("Айгерім");
        await page.Locator("#Form_Email").FillAsync("aigerim.phone(at)example.kz");
        await page.Locator("#Form_Phone").FillAsync("8 701 555 66 77");
        await page.Locator("#Form_PreferredChannel").SelectOptionAsync("Email");
        await page.Locator("#Form_Topic").SelectOptionAsync("Question");
        await page.Locator("#Form_Message").FillAsync("Как проверить статус страхования?");
        await page.Locator("#Form_ConsentToProcessing").CheckAsync();
        await page.Locator("#send-appeal").ClickAsync();

        // The mistake comes back inside the site's layout, in large type, with what was typed and no sideways scrolling.
        await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("header.site-header")).ToBeVisibleAsync();
        Assert.Contains("accessible", await page.GetAttributeAsync("body", "class"));
        Assert.Equal("Телефонная", await page.InputValueAsync("#Form_LastName"));
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling");
        await ScreenshotAsync(page, "phone-appeal-correction");

        await page.Locator("#Form_Email").FillAsync("aigerim.phone@example.kz");
        if (!await page.IsCheckedAsync("#Form_ConsentToProcessing"))
        {
            await page.Locator("#Form_ConsentToProcessing").CheckAsync();
        }

        await page.Locator("#send-appeal").ClickAsync();
        await page.WaitForURLAsync(new Regex("/ru/consent/receipts/[A-Za-z0-9_-]{22}$"));
        await Assertions.Expect(page.Locator("header.site-header")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling on the receipt");
        await ScreenshotAsync(page, "phone-appeal-receipt");
    }

    private static Task<double> FontSizeAsync(IPage page) =>
        page.EvaluateAsync<double>("parseFloat(getComputedStyle(document.querySelector('main p, main li')).fontSize)");

    private async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }

    [GeneratedRegex("/kk/consent/receipts/[A-Za-z0-9_-]{22}$")]
    private static partial Regex ReceiptUrl();
}
