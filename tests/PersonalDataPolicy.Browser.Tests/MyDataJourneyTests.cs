using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MimeKit;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Browser.Tests;

/// <summary>A person sees and changes their data through the link in a mail (read from the pickup folder, as a developer would).</summary>
[Collection(SharedBrowser.Name)]
public sealed partial class MyDataJourneyTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_person_opens_their_data_from_the_mailed_link_corrects_it_and_withdraws_consent()
    {
        const string email = "browser.mydata@example.kz";
        var response = await Forms.PostAppealAsync(browser.Site.CreateClient(), "ru", Forms.ValidAppeal(lastName: "Браузерова", email: email));
        response.EnsureSuccessStatusCode();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();

        await page.GotoAsync(browser.BaseUrl + "/ru/my-data");
        await page.Locator("#Email").FocusAsync();
        await page.Keyboard.TypeAsync(email);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Проверьте почту");
        await ScreenshotAsync(page, "mydata-1-link-sent");

        var mail = await PickupMail.WaitForAsync(browser.Site.PickupDirectory, email, SiteLink());
        Assert.Equal("Ссылка на ваши персональные данные", mail.Subject);
        await page.GotoAsync(browser.BaseUrl + LinkPath(mail));
        await page.GetByRole(AriaRole.Button, new() { Name = "Открыть мои данные" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Браузерова");
        Assert.Empty(await AxeScan.SeriousViolationsAsync(page));
        await ScreenshotAsync(page, "mydata-2-overview");

        await page.GetByRole(AriaRole.Link, new() { Name = "Исправить данные" }).ClickAsync();
        await page.Locator("#Phone").FillAsync("8 705 000 11 22");
        await page.GetByRole(AriaRole.Button, new() { Name = "Сохранить" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice-success")).ToContainTextAsync("Ваши данные обновлены");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("+7 705 000 11 22");

        await page.GetByRole(AriaRole.Link, new() { Name = "Отозвать согласие на обработку персональных данных" }).ClickAsync();
        await ScreenshotAsync(page, "mydata-3-withdraw-explained");
        await page.GetByRole(AriaRole.Button, new() { Name = "Отозвать согласие" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice-success")).ToContainTextAsync("Ваше согласие отозвано");
        await ScreenshotAsync(page, "mydata-4-withdrawn");
    }

    private static string LinkPath(MimeMessage message) => new Uri(SiteLink().Match(message.TextBody!).Value).PathAndQuery;

    private async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }

    [GeneratedRegex(@"https?://\S+/my-data/open\?token=\S+")]
    private static partial Regex SiteLink();
}
