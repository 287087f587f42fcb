using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Browser.Tests;

/// <summary>
/// Issue 15: a compliance officer records a breach, sees the one-working-day clock, links the person affected, tells
/// them by mail, prints the notification to the authorized body (PDF through the browser) and marks it sent.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class BreachJourneyTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_compliance_officer_records_a_breach_tells_the_person_and_prints_and_sends_the_notification()
    {
        var appeal = Forms.ValidAppeal(lastName: "Бұзылғанова", email: "breach.browser@example.kz", phone: "8 702 555 11 22");
        (await Forms.PostAppealAsync(browser.Site.CreateClient(), "kk", appeal)).EnsureSuccessStatusCode();
        var key = await StaffJourney.CreateStaffAsync(browser.Site, "dpo.browser@fund.kz", twoFactor: true, StaffRoles.ComplianceOfficer);
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB", ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();

        await page.GotoAsync(browser.BaseUrl + "/admin");
        await page.Locator("#Email").FillAsync("dpo.browser@fund.kz");
        await page.Locator("#Password").FillAsync(StaffJourney.Password);
        await page.Locator("#sign-in").ClickAsync();
        await page.Locator("#Code").FillAsync(StaffJourney.Totp(key!));
        await page.Locator("#send-code").ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Breach register" }).ClickAsync();
        await page.Locator("#new-breach").ClickAsync();
        // An hour ago on the fund's clock, typed as the officer reads it off their watch in Astana.
        var anHourAgo = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddHours(-1), TimeZoneInfo.FindSystemTimeZoneById("Asia/Almaty"));
        await page.Locator("#breach-discovered").FillAsync(anHourAgo.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#record-breach").ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("Choose at least one category of personal data.");
        await ScreenshotAsync(page, "breach-1-form-with-errors");

        await page.Locator("#breach-category-Email").CheckAsync();
        await page.Locator("#breach-category-Phone").CheckAsync();
        await page.Locator("#breach-count").FillAsync("1");
        await page.Locator("#breach-cause").FillAsync("A report with contact details was sent to a wrong internal mailing list.");
        await page.Locator("#breach-consequences").FillAsync("Employees without a need to know could read one person's e-mail and phone.");
        await page.Locator("#breach-measures").FillAsync("The message was recalled and deleted from every mailbox. Planned: recipients checked before any report is sent.");
        Assert.Empty(await AxeScan.SeriousViolationsAsync(page));
        await page.Locator("#record-breach").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Incident No.");
        await Assertions.Expect(page.Locator("#breach-clock")).ToContainTextAsync("Notify the authorized body by");

        await page.Locator("#person-term").FillAsync("breach.browser@example.kz");
        await page.Locator("#link-person").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("People newly linked: 1.");
        await page.Locator("#notify-subjects").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("Mails queued: 1.");
        Assert.Empty(await AxeScan.SeriousViolationsAsync(page));
        await ScreenshotAsync(page, "breach-2-record-with-clock");

        await page.Locator("#notification-ru").ClickAsync();
        await Assertions.Expect(page.Locator("#authority-notice h1")).ToHaveTextAsync("Уведомление о нарушении безопасности персональных данных");
        await Assertions.Expect(page.Locator("#responsible")).ToContainTextAsync("dpo@example.invalid");
        await Assertions.Expect(page.Locator("#authority-notice")).ToContainTextAsync("Бұзылғанова");
        Assert.Empty(await AxeScan.SeriousViolationsAsync(page));
        await ScreenshotAsync(page, "breach-3-notification");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator(".admin-nav")).ToBeHiddenAsync();
        await ScreenshotAsync(page, "breach-4-notification-as-printed");
        var pdf = Path.Combine(BrowserFixture.ScreenshotDirectory, "breach-notification.pdf");
        await page.PdfAsync(new() { Path = pdf, Format = "A4" });
        output.WriteLine($"pdf: {pdf}, {new FileInfo(pdf).Length} bytes");
        Assert.True(new FileInfo(pdf).Length > 10_000);
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        await page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Back to incident") }).ClickAsync();
        await page.Locator("#sent-language").SelectOptionAsync("ru");
        await page.Locator("#mark-sent").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("The notification is marked sent; its copy is stored.");
        await Assertions.Expect(page.Locator("#breach-clock")).ToContainTextAsync("Authorized body notified on time");
        await Assertions.Expect(page.Locator("#history")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "breach-5-notified");

        var mail = await browser.Site.WithDbAsync(db => db.Outbox.Where(m => m.Template == "breach-notice").Select(m => m.Language).SingleAsync());
        Assert.Equal("kk", mail);
    }

    private async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }
}
