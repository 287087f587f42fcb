using System.Net;
using Microsoft.Extensions.Time.Testing;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>Issue 12: every refusal is a page in the site's layout and language with a way on; a too-quick post keeps what was typed.</summary>
public sealed class RefusalPagesTests(ITestOutputHelper output)
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 6, 0, 0, TimeSpan.Zero));

    private SiteFactory NewSite()
    {
        var site = new SiteFactory { Clock = _clock };
        site.Settings["Forms:MinimumFillSeconds"] = "3";
        return site;
    }

    [Fact]
    public async Task An_appeal_sent_too_quickly_comes_back_with_what_was_typed_and_goes_through_when_sent_again()
    {
        await using var site = NewSite();
        var client = site.CreateClient(new() { AllowAutoRedirect = false });
        var page = await client.GetStringAsync("/ru/appeal");
        var fields = Forms.ValidAppeal(lastName: "Быстрова");
        fields["__RequestVerificationToken"] = Forms.TokenIn(page);
        fields["form-started"] = Forms.StartedIn(page)!;

        var tooQuick = await client.PostAsync("/ru/appeal", new FormUrlEncodedContent(fields));
        var html = WebUtility.HtmlDecode(await tooQuick.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, tooQuick.StatusCode);
        Assert.Equal("text/html", tooQuick.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"ru\"", html);
        Assert.Contains("Форма отправлена быстрее", html);
        Assert.Contains("href=\"#send-appeal\"", html);
        Assert.Contains("value=\"Быстрова\"", html);
        Assert.Contains("Сақтандыру мәртебемді қалай тексеремін?", html);
        Assert.Equal(0, await site.WithDbAsync(db => Task.FromResult(db.Appeals.Count())));

        // The person reads the message and presses the button again, a few seconds later.
        _clock.Advance(TimeSpan.FromSeconds(5));
        fields["__RequestVerificationToken"] = Forms.TokenIn(html);
        fields["form-started"] = Forms.StartedIn(await tooQuick.Content.ReadAsStringAsync())!;
        var again = await client.PostAsync("/ru/appeal", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(1, await site.WithDbAsync(db => Task.FromResult(db.Appeals.Count())));
    }

    [Fact]
    public async Task Every_refusal_is_a_page_in_the_layout_and_language_with_a_way_on()
    {
        await using var site = NewSite();
        var client = site.CreateClient(new() { AllowAutoRedirect = false });
        var token = await Forms.AntiforgeryTokenAsync(client, "/kk/appeal");
        var refusals = new (string What, Func<Task<HttpResponseMessage>> Send, HttpStatusCode Status)[]
        {
            ("404", () => client.GetAsync("/kk/no-such-page"), HttpStatusCode.NotFound),
            ("405", () => client.PutAsync("/kk/appeal", new StringContent("x")), HttpStatusCode.MethodNotAllowed),
            ("400 honeypot", () => client.PostAsync("/kk/my-data", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = "bot@example.kz", ["website"] = "http://spam.example", ["__RequestVerificationToken"] = token,
            })), HttpStatusCode.BadRequest),
            ("400 not a form", () => client.PostAsync("/kk/appeal", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest),
            ("413", () => client.PostAsync("/kk/appeal", new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.Message"] = new string('a', 1_100_000) })), HttpStatusCode.RequestEntityTooLarge),
        };

        foreach (var (what, send, status) in refusals)
        {
            var answer = await send();
            var html = await answer.Content.ReadAsStringAsync();
            output.WriteLine($"{what}: {(int)answer.StatusCode} {answer.Content.Headers.ContentType?.MediaType}, {html.Length} characters");
            Assert.Equal(status, answer.StatusCode);
            Assert.Equal("text/html", answer.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<html lang=\"kk\"", html);
            Assert.Contains("href=\"/kk/policy\"", html);
            Assert.Contains("href=\"tel:1414\"", html);
        }
    }

    [Fact]
    public async Task Correcting_mistakes_never_meets_too_many_requests_and_an_appeal_over_the_budget_keeps_its_text()
    {
        await using var site = new SiteFactory();
        site.Settings["RateLimiting:AppealsPerMinute"] = "2";
        var client = site.CreateClient(new() { AllowAutoRedirect = false });

        var corrections = new List<HttpStatusCode>();
        for (var i = 0; i < 15; i++)
        {
            corrections.Add((await Forms.PostAppealAsync(client, "ru", Forms.ValidAppeal(email: "not-an-address"))).StatusCode);
        }

        var sent = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            sent.Add((await Forms.PostAppealAsync(client, "ru", Forms.ValidAppeal(lastName: "Терпеливая", email: $"patient{i}@example.kz"))).StatusCode);
        }

        output.WriteLine($"budget 2 a minute: 15 posts with a mistake → {corrections.Count(c => c == HttpStatusCode.BadRequest)} answered 400, "
            + $"{corrections.Count(c => c == HttpStatusCode.TooManyRequests)} refused 429; then 3 correct ones → {string.Join(", ", sent.Select(c => (int)c))}");
        Assert.All(corrections, c => Assert.Equal(HttpStatusCode.BadRequest, c));
        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], sent);

        var over = await Forms.PostAppealAsync(client, "ru", Forms.ValidAppeal(lastName: "Терпеливая", email: "patient9@example.kz"));
        var html = WebUtility.HtmlDecode(await over.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        Assert.NotNull(over.Headers.RetryAfter);
        Assert.Contains("value=\"Терпеливая\"", html);
        Assert.Contains("Сақтандыру мәртебемді қалай тексеремін?", html);
        Assert.Contains("Введённое сохранено", html);
        Assert.Equal(2, await site.WithDbAsync(db => Task.FromResult(db.Appeals.Count())));
    }
}
