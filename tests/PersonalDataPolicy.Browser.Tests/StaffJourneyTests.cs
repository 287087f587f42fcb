using Microsoft.Playwright;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Browser.Tests;

/// <summary>An administrator (also a compliance officer) signs in with an authenticator code, finds a person, blocks them and reads the consent history.</summary>
[Collection(SharedBrowser.Name)]
public sealed class StaffJourneyTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task An_administrator_signs_in_with_a_code_finds_a_person_blocks_them_and_reads_the_consent_history()
    {
        var hostile = Forms.ValidAppeal(lastName: "Штатова", email: "staff.browser@example.kz");
        hostile["Form.Message"] = "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\"> Menің сұрағым";
        var response = await Forms.PostAppealAsync(browser.Site.CreateClient(), "ru", hostile);
        response.EnsureSuccessStatusCode();
        var key = await StaffJourney.CreateStaffAsync(browser.Site, "officer.browser@fund.kz", twoFactor: true, StaffRoles.Administrator, StaffRoles.ComplianceOfficer);
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "ru-RU", ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();

        await page.GotoAsync(browser.BaseUrl + "/admin");
        Assert.Contains("/admin/sign-in", page.Url);
        await page.Locator("#Email").FillAsync("officer.browser@fund.kz");
        await page.Locator("#Password").FillAsync(StaffJourney.Password);
        await page.Locator("#sign-in").ClickAsync();
        await page.Locator("#Code").FillAsync(StaffJourney.Totp(key!));
        await page.Locator("#send-code").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Dashboard");
        Assert.Empty(await AxeScan.SeriousViolationsAsync(page));
        await ScreenshotAsync(page, "admin-1-dashboard");

        await page.GetByRole(AriaRole.Link, new() { Name = "Data subjects" }).ClickAsync();
        await page.Locator("#q").FillAsync("staff.browser@example.kz");
        await page.Locator("#q").PressAsync("Enter");
        await page.GetByRole(AriaRole.Link, new() { Name = "Штатова" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Why are you opening this record?");
        await page.Locator("#open-record").ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("staff.browser@example.kz");
        await ScreenshotAsync(page, "admin-2-subject");

        await page.GetByRole(AriaRole.Link, new() { Name = "Block" }).ClickAsync();
        await page.Locator("#reason").FillAsync("The person asked by phone to stop processing until they send documents.");
        await page.Locator("#confirm-step").ClickAsync();
        await Assertions.Expect(page.Locator(".notice-success")).ToContainTextAsync("The data has been blocked.");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Blocked");
        await ScreenshotAsync(page, "admin-3-blocked");

        await page.GetByRole(AriaRole.Link, new() { Name = "Consent history" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Processing of personal data");
        await ScreenshotAsync(page, "admin-4-consent-history");

        // A script typed into an appeal is shown as text to staff and never runs.
        var subject = await browser.Site.SubjectWithEmailAsync("staff.browser@example.kz");
        var appealId = await browser.Site.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Appeals.Where(a => a.SubjectId == subject!.Id).Select(a => a.Id)));
        await page.GetByRole(AriaRole.Link, new() { Name = "Appeals", Exact = true }).ClickAsync();
        await page.Locator($"a[href='/admin/appeals/{appealId}']").ClickAsync();
        await Assertions.Expect(page.Locator("blockquote.appeal-message")).ToContainTextAsync("<script>window.pwned = 1</script>");
        Assert.True(await page.EvaluateAsync<bool>("typeof window.pwned === 'undefined'"), "the stored script ran");
        await ScreenshotAsync(page, "admin-5-appeal-with-script-as-text");
        output.WriteLine(page.Url);
    }

    private async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }
}
