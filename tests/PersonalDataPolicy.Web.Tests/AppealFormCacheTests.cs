using System.Net;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Web.Features.Shared;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// Issue 13: the empty appeal form is rendered once per variant and kept; every response writes the visitor's own
/// antiforgery token and fill-time stamp into it. Nothing of one visitor may reach another, and a form shown again with
/// someone's input is never kept.
/// </summary>
public sealed class AppealFormCacheTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private static WebApplicationFactoryClientOptions NoRedirects => new() { AllowAutoRedirect = false };

    [Fact]
    public async Task Each_visitor_gets_a_fresh_token_and_stamp_in_the_kept_form_and_neither_works_for_another_visitor()
    {
        var first = site.CreateClient(NoRedirects);
        var second = site.CreateClient(NoRedirects);
        var answers = new List<HttpResponseMessage>();
        foreach (var client in new[] { first, second, first, second })
        {
            answers.Add(await client.GetAsync("/ru/appeal"));
        }

        var pages = await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()));
        var tokens = pages.Select(Forms.TokenIn).ToList();
        var stamps = pages.Select(p => Forms.StartedIn(p)!).ToList();
        Assert.Equal(4, tokens.Distinct().Count());
        Assert.Equal(4, stamps.Distinct().Count());
        Assert.All(pages, p => Assert.DoesNotContain(EmptyFormPages.Slots.AntiforgeryToken, p));
        Assert.All(pages, p => Assert.DoesNotContain(EmptyFormPages.Slots.Started, p));

        // The same page around the visitor's values: served from the kept bytes, with its length and no-store headers.
        Assert.All(pages, p => Assert.Equal(WithoutStamps(pages[0]), WithoutStamps(p)));
        Assert.All(answers, a => Assert.True(a.Headers.CacheControl?.NoStore, a.Headers.CacheControl?.ToString()));
        Assert.All(answers, a => Assert.Equal("text/html; charset=utf-8", a.Content.Headers.ContentType?.ToString()));
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(pages[0]), answers[0].Content.Headers.ContentLength);
        var cookies = answers.Take(2).Select(a => a.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal))).ToList();
        Assert.NotEqual(cookies[0], cookies[1]);

        // The second visitor's cookie with the first visitor's token and stamp is refused; their own pair goes through.
        var borrowed = Forms.ValidAppeal(email: "borrowed.token@example.kz");
        borrowed["__RequestVerificationToken"] = tokens[0];
        borrowed["form-started"] = stamps[0];
        Assert.Equal(HttpStatusCode.BadRequest, (await second.PostAsync("/ru/appeal", new FormUrlEncodedContent(borrowed))).StatusCode);
        Assert.Null(await site.SubjectWithEmailAsync("borrowed.token@example.kz"));

        var own = Forms.ValidAppeal(email: "own.token@example.kz");
        own["__RequestVerificationToken"] = tokens[3];
        own["form-started"] = stamps[3];
        Assert.Equal(HttpStatusCode.Redirect, (await second.PostAsync("/ru/appeal", new FormUrlEncodedContent(own))).StatusCode);
        Assert.NotNull(await site.SubjectWithEmailAsync("own.token@example.kz"));
    }

    [Fact]
    public async Task A_form_shown_again_with_a_visitors_input_is_never_kept_for_the_next_visitor()
    {
        var typist = site.CreateClient(NoRedirects);
        var fields = Forms.ValidAppeal(lastName: "Кэштелмейтін", email: "not.kept@example.kz");
        fields.Remove("Form.ConsentToProcessing");

        var refused = await Forms.PostAppealAsync(typist, "kk", fields);
        var shownAgain = await refused.Content.ReadAsStringAsync();
        var next = await site.CreateClient().GetStringAsync("/kk/appeal");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Кэштелмейтін", shownAgain);
        Assert.Contains("error-summary", shownAgain);
        Assert.NotEqual(Forms.TokenIn(shownAgain), Forms.TokenIn(next));
        Assert.DoesNotContain("Кэштелмейтін", next);
        Assert.DoesNotContain("not.kept@example.kz", next);
        Assert.DoesNotContain("error-summary", next);
    }

    [Theory]
    [InlineData("kk", "Өтініш беру")]
    [InlineData("ru", "Подать обращение")]
    [InlineData("en", "Submit an appeal")]
    public async Task Each_language_display_mode_and_privacy_signal_is_a_page_of_its_own(string culture, string title)
    {
        async Task<string> PageAsync(string? cookie = null, bool privacySignal = false)
        {
            var client = site.CreateClient();
            if (cookie is not null)
            {
                client.DefaultRequestHeaders.Add("Cookie", cookie);
            }

            if (privacySignal)
            {
                client.DefaultRequestHeaders.Add("Sec-GPC", "1");
            }

            // Twice: the second answer is the kept one.
            await client.GetStringAsync($"/{culture}/appeal");
            return await client.GetStringAsync($"/{culture}/appeal");
        }

        var standard = await PageAsync();
        var lowVision = await PageAsync("display-mode=accessible");
        var withSignal = await PageAsync(privacySignal: true);
        var statisticsRefused = await PageAsync("statistics=refused");

        Assert.All(new[] { standard, lowVision, withSignal, statisticsRefused }, page =>
        {
            Assert.Contains($"<html lang=\"{culture}\">", page);
            Assert.Contains($"<h1>{title}</h1>", page);
            Assert.Contains($"action=\"/{culture}/appeal\"", page);
        });
        Assert.DoesNotContain("<body class=\"accessible\">", standard);
        Assert.Contains("<body class=\"accessible\">", lowVision);
        Assert.Contains("Global Privacy Control", withSignal);
        Assert.DoesNotContain("Global Privacy Control", standard);
        Assert.Contains("statistics-banner", standard);
        Assert.DoesNotContain("statistics-banner", statisticsRefused);
    }

    [Fact]
    public async Task An_address_the_site_does_not_link_to_still_gets_a_working_form_rendered_for_it_alone()
    {
        var client = site.CreateClient(NoRedirects);
        var page = await client.GetStringAsync("/en/appeal?from=mail");

        Assert.Contains("/ru/appeal?from", page);
        var fields = Forms.ValidAppeal(email: "from.mail@example.kz");
        fields["__RequestVerificationToken"] = Forms.TokenIn(page);
        fields["form-started"] = Forms.StartedIn(page)!;
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/en/appeal", new FormUrlEncodedContent(fields))).StatusCode);
        Assert.DoesNotContain("?from=mail", await site.CreateClient().GetStringAsync("/en/appeal"));
    }

    [Fact]
    public async Task A_kept_form_is_answered_before_MVC_with_the_headers_of_a_rendered_one()
    {
        var actions = new ActionCount();
        await using var plain = new SiteFactory();
        using var site = plain.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.Configure<MvcOptions>(o => o.Filters.Add(actions))));
        var answers = new List<HttpResponseMessage>();
        foreach (var _ in Enumerable.Range(0, 3))
        {
            answers.Add(await site.CreateClient(NoRedirects).GetAsync("/ru/appeal"));
        }

        // The first GET renders and keeps the page through the action; the next ones never reach MVC.
        Assert.Equal(1, actions.Count);
        var rendered = HeadersOf(answers[0]);
        Assert.All(answers.Skip(1), kept => Assert.Equal(rendered, HeadersOf(kept)));
        Assert.All(answers, a => Assert.True(a.Headers.CacheControl?.NoStore));
        Assert.Contains("X-Frame-Options: DENY", rendered);
        Assert.Contains(rendered, h => h.StartsWith("Content-Security-Policy: default-src 'self'", StringComparison.Ordinal));
        Assert.Contains("Set-Cookie", rendered);

        // A HEAD is answered from the kept page too; an address with a query string goes to the action and renders.
        var head = await site.CreateClient(NoRedirects).SendAsync(new HttpRequestMessage(HttpMethod.Head, "/ru/appeal"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.True(head.Headers.CacheControl?.NoStore);
        Assert.Equal(1, actions.Count);
        Assert.Equal(HttpStatusCode.OK, (await site.CreateClient(NoRedirects).GetAsync("/ru/appeal?from=mail")).StatusCode);
        Assert.Equal(2, actions.Count);
    }

    [Fact]
    public async Task A_visitor_with_an_antiforgery_cookie_keeps_it_and_each_kept_page_still_gets_a_fresh_token_and_stamp()
    {
        var visitor = site.CreateClient(NoRedirects);
        var first = await visitor.GetAsync("/en/appeal");
        var second = await visitor.GetAsync("/en/appeal");
        var pages = new[] { await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync() };

        Assert.Contains(first.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.False(second.Headers.TryGetValues("Set-Cookie", out var again) && again.Any(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)));
        Assert.True(second.Headers.CacheControl?.NoStore);
        Assert.NotEqual(Forms.TokenIn(pages[0]), Forms.TokenIn(pages[1]));
        Assert.NotEqual(Forms.StartedIn(pages[0]), Forms.StartedIn(pages[1]));

        // The kept page's token goes with the cookie the visitor already had.
        var fields = Forms.ValidAppeal(email: "kept.cookie@example.kz");
        fields["__RequestVerificationToken"] = Forms.TokenIn(pages[1]);
        fields["form-started"] = Forms.StartedIn(pages[1])!;
        Assert.Equal(HttpStatusCode.Redirect, (await visitor.PostAsync("/en/appeal", new FormUrlEncodedContent(fields))).StatusCode);
        Assert.NotNull(await site.SubjectWithEmailAsync("kept.cookie@example.kz"));
    }

    /// <summary>Every header of an answer but its date, with the value of the cookie it sets left out (it is the visitor's own).</summary>
    private static List<string> HeadersOf(HttpResponseMessage answer) => answer.Headers.Concat(answer.Content.Headers)
        .Where(h => h.Key != "Date")
        .Select(h => h.Key == "Set-Cookie" ? h.Key : $"{h.Key}: {string.Join(", ", h.Value)}")
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Counts the actions MVC runs on this site.</summary>
    private sealed class ActionCount : IActionFilter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void OnActionExecuting(ActionExecutingContext context) => Interlocked.Increment(ref _count);

        public void OnActionExecuted(ActionExecutedContext context)
        {
        }
    }

    private static string WithoutStamps(string page) => page.Replace(Forms.TokenIn(page), "token").Replace(Forms.StartedIn(page)!, "stamp");
}
