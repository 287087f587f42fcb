using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Browser.Tests;

/// <summary>Policy §4.2, double opt-in: a person who ticked notifications turns them on from the mail, on a phone.</summary>
[Collection(SharedBrowser.Name)]
public sealed partial class DoubleOptInTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_person_turns_notifications_on_from_the_mailed_link_and_only_the_button_does_it()
    {
        const string email = "browser.optin@example.kz";
        var fields = Forms.ValidAppeal(lastName: "Хабарламалы", email: email);
        fields["Form.ConsentToMarketing"] = "true";
        (await Forms.PostAppealAsync(browser.Site.CreateClient(), "kk", fields)).EnsureSuccessStatusCode();
        var subjectId = (await browser.Site.SubjectWithEmailAsync(email))!.Id;
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();

        var mail = await PickupMail.WaitForAsync(browser.Site.PickupDirectory, email, OptInLink());
        await page.GotoAsync(browser.BaseUrl + new Uri(OptInLink().Match(mail.TextBody!).Value).PathAndQuery);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Хабарламаларды растау");
        Assert.Equal(ConsentStatus.Requested, await MarketingAsync(subjectId));
        Assert.Empty(await AxeScan.SeriousViolationsAsync(page));
        await ScreenshotAsync(page, "optin-1-confirm-page");

        await page.GetByRole(AriaRole.Button, new() { Name = "Растау" }).ClickAsync();

        await Assertions.Expect(page.Locator(".notice-success")).ToContainTextAsync("Хабарламалар қосылды");
        await ScreenshotAsync(page, "optin-2-confirmed");
        Assert.Equal(ConsentStatus.Granted, await MarketingAsync(subjectId));
    }

    private async Task<ConsentStatus> MarketingAsync(Guid subjectId)
    {
        await using var scope = browser.Site.Scope();
        var state = await scope.ServiceProvider.GetRequiredService<ConsentLedger>().StateOfAsync(subjectId, CancellationToken.None);
        return state.StatusOf(ConsentPurpose.MarketingNotifications);
    }

    private async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }

    [GeneratedRegex(@"https?://\S+/consent/confirm-marketing\?token=\S+")]
    private static partial Regex OptInLink();
}
