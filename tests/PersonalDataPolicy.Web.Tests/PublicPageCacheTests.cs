using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Web.Infrastructure;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static PersonalDataPolicy.Web.Tests.Infrastructure.StaffJourney;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// Issue 13: the public pages carry no per-visitor token, so they are rendered once and served from the output cache —
/// per language, display mode and statistics question — and a publish or an effective date shows at once.
/// </summary>
public sealed class PublicPageCacheTests(ITestOutputHelper output)
{
    private static readonly string[] CachedPages = ["policy", "policy/versions", "policy/versions/1", "policy/faq", "cookies", "search"];

    [Fact]
    public async Task Public_pages_carry_no_token_set_no_cookie_and_may_be_kept_briefly_by_browsers()
    {
        await using var site = new CountingSite();
        var answers = new List<string>();
        foreach (var culture in SiteLanguages.All)
        {
            foreach (var page in CachedPages)
            {
                var response = await site.CreateClient().GetAsync($"/{culture}/{page}");
                var html = await response.Content.ReadAsStringAsync();
                var cookies = response.Headers.TryGetValues("Set-Cookie", out var set) ? string.Join(" | ", set) : "none";
                answers.Add($"/{culture}/{page}: {(int)response.StatusCode}, cookies {cookies}, Cache-Control {response.Headers.CacheControl}, Vary {string.Join(",", response.Headers.Vary)}, token {html.Contains("__RequestVerificationToken", StringComparison.Ordinal)}");
            }
        }

        // The appeal form needs its token and fill-time stamp: it stays personal and is never stored.
        var appeal = await site.CreateClient().GetAsync("/en/appeal");

        output.WriteLine(string.Join('\n', answers));
        Assert.All(answers, a => Assert.EndsWith(": 200, cookies none, Cache-Control public, max-age=60, Vary Cookie,Sec-GPC, token False", a));
        Assert.Contains(appeal.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.True(appeal.Headers.CacheControl?.NoStore, appeal.Headers.CacheControl?.ToString());
    }

    /// <summary>
    /// The probe: the site's clock moves past <c>PublicPages:CacheLifetime</c> before every GET, so a page that is rendered
    /// must ask the database whether the published versions changed; one served from the output cache (whose entries live
    /// in real time) asks nothing.
    /// </summary>
    [Fact]
    public async Task A_second_get_is_served_from_the_cache_without_a_database_query_in_each_language_and_display_mode()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 6, 0, 0, TimeSpan.Zero));
        await using var site = new CountingSite { Clock = clock };
        using var probe = site.Commands();
        async Task<(HttpResponseMessage Response, int Commands)> GetAfterAMinuteAsync(HttpClient client, string url)
        {
            clock.Advance(TimeSpan.FromSeconds(61));
            return await probe.GetAsync(client, url);
        }

        var figures = new List<string>();
        foreach (var culture in SiteLanguages.All)
        {
            foreach (var lowVision in new[] { false, true })
            {
                var client = site.CreateClient();
                if (lowVision)
                {
                    client.DefaultRequestHeaders.Add("Cookie", "display-mode=accessible");
                }

                var (first, firstCommands) = await GetAfterAMinuteAsync(client, $"/{culture}/policy");
                var (second, secondCommands) = await GetAfterAMinuteAsync(client, $"/{culture}/policy");
                var html = await second.Content.ReadAsStringAsync();
                figures.Add($"/{culture}/policy{(lowVision ? " (low vision)" : string.Empty)}: first GET {firstCommands} database commands, second {secondCommands}");

                Assert.True(firstCommands > 0, "The first GET renders the page and asks the database: the probe sees it.");
                Assert.Equal(0, secondCommands);
                Assert.Equal(await first.Content.ReadAsStringAsync(), html);
                Assert.Contains($"<html lang=\"{culture}\"", html);
                Assert.Equal(lowVision, html.Contains("<body class=\"accessible\">", StringComparison.Ordinal));
            }
        }

        // The statistics question and the privacy signal are part of the page, so each is its own entry.
        var refused = site.CreateClient();
        refused.DefaultRequestHeaders.Add("Cookie", "statistics=refused");
        var withSignal = site.CreateClient();
        withSignal.DefaultRequestHeaders.Add("Sec-GPC", "1");
        var (refusedPage, refusedCommands) = await GetAfterAMinuteAsync(refused, "/en/policy");
        var (signalPage, signalCommands) = await GetAfterAMinuteAsync(withSignal, "/en/policy");
        var (_, queryCommands) = await GetAfterAMinuteAsync(site.CreateClient(), "/en/policy?utm=1");
        figures.Add($"/en/policy after refusing statistics: {refusedCommands}; with Sec-GPC: {signalCommands}; with a query string: {queryCommands}");

        output.WriteLine(string.Join('\n', figures));
        Assert.DoesNotContain("statistics-banner", await refusedPage.Content.ReadAsStringAsync());
        Assert.Contains("Global Privacy Control", await signalPage.Content.ReadAsStringAsync());
        Assert.All(new[] { refusedCommands, signalCommands, queryCommands }, n => Assert.True(n > 0));
        Assert.True((await GetAfterAMinuteAsync(site.CreateClient(), "/en/policy?utm=1")).Commands > 0, "A query string is never served from the cache.");
    }

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Referer", "https://evil.example/kk/policy")]
    [InlineData(null, null)]
    public async Task A_statistics_choice_not_posted_from_this_site_is_refused_with_a_localized_page_and_counts_nothing(string? header, string? value)
    {
        await using var site = new CountingSite();
        var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var post = new HttpRequestMessage(HttpMethod.Post, "/ru/cookies")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["choice"] = "accept", ["returnUrl"] = "/ru/policy" }),
        };
        if (header is not null)
        {
            post.Headers.Add(header, value);
        }

        // A forged Sec-Fetch-Site cannot come with a matching Origin from a browser; the browser's own header wins anyway.
        if (header == "Sec-Fetch-Site")
        {
            post.Headers.Add("Origin", "http://localhost");
        }

        var refused = await client.SendAsync(post);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("<html lang=\"ru\"", html);
        Assert.Contains("Ваш выбор не сохранён", html);
        Assert.Contains("href=\"/ru/cookies\"", html);
        Assert.False(refused.Headers.Contains("Set-Cookie"));
        Assert.Equal(0, await site.WithDbAsync(db => db.AnalyticsChoices.CountAsync()));
    }

    [Theory]
    [InlineData("Origin", "http://localhost")]
    [InlineData("Sec-Fetch-Site", "same-origin")]
    [InlineData("Referer", "http://localhost/ru/policy/faq")]
    public async Task A_statistics_choice_posted_from_this_site_is_taken(string header, string value)
    {
        await using var site = new CountingSite();
        var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var post = new HttpRequestMessage(HttpMethod.Post, "/ru/cookies")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["choice"] = "refuse", ["returnUrl"] = "/ru/policy" }),
        };
        post.Headers.Add(header, value);

        var taken = await client.SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        Assert.Equal("/ru/policy", taken.Headers.Location!.OriginalString);
        Assert.Contains(taken.Headers.GetValues("Set-Cookie"), c => c.StartsWith("statistics=refused", StringComparison.Ordinal));
        Assert.Equal(1, await site.WithDbAsync(db => db.AnalyticsChoices.Where(c => !c.Accepted).SumAsync(c => c.Count)));
    }

    [Fact]
    public async Task A_publish_shows_on_cached_pages_at_once_and_the_new_version_takes_over_at_the_funds_midnight()
    {
        await using var site = new CountingSite { Clock = new FakeTimeProvider(DateTimeOffset.UtcNow) };
        using var commands = site.Commands();
        var visitor = site.CreateClient();
        var lowVisionVisitor = site.CreateClient();
        lowVisionVisitor.DefaultRequestHeaders.Add("Cookie", "display-mode=accessible");
        foreach (var client in new[] { visitor, lowVisionVisitor })
        {
            await client.GetStringAsync("/en/policy");
            Assert.Equal(0, (await commands.GetAsync(client, "/en/policy")).Commands);
        }

        var key = await CreateStaffAsync(site, "cache.officer@fund.kz", twoFactor: true, StaffRoles.ComplianceOfficer);
        var officer = Browser(site);
        await SignInAsync(officer, "cache.officer@fund.kz", authenticatorKey: key);
        await StaffJourney.PostAsync(officer, "/admin/policy/drafts", [], "/admin/policy");
        var published = await StaffJourney.PostAsync(officer, "/admin/policy/2/publish", [], "/admin/policy/2/preview");
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);

        // At once, on this instance: the cached pages announce version 2.
        foreach (var client in new[] { visitor, lowVisionVisitor })
        {
            var announced = await client.GetStringAsync("/en/policy");
            Assert.Contains("Version 1, in effect from", announced);
            Assert.Contains("A new version of the Policy takes effect on", announced);
        }

        // A minute before the fund's midnight of the effective date version 1 is still current (and cached again)...
        var effectiveFrom = await site.WithDbAsync(db => db.PolicyVersions.Where(v => v.Number == 2).Select(v => v.EffectiveFrom).SingleAsync());
        var midnight = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(effectiveFrom.ToDateTime(TimeOnly.MinValue), SiteDates.FundTimeZone), TimeSpan.Zero);
        site.Clock.SetUtcNow(midnight.AddMinutes(-1));
        await visitor.GetStringAsync("/en/policy/versions");
        var (beforeMidnight, cachedCommands) = await commands.GetAsync(visitor, "/en/policy/versions");
        Assert.Equal(0, cachedCommands);
        Assert.DoesNotContain("Superseded on", await beforeMidnight.Content.ReadAsStringAsync());

        // ...and at midnight the same addresses show version 2, without waiting for the cache to expire.
        site.Clock.SetUtcNow(midnight);
        output.WriteLine($"version 2 effective {effectiveFrom:yyyy-MM-dd}, the fund's midnight is {midnight:u}");
        Assert.Contains("Version 2, in effect from", await visitor.GetStringAsync("/en/policy"));
        Assert.Contains("Version 2, in effect from", await lowVisionVisitor.GetStringAsync("/en/policy"));
        Assert.Contains("Superseded on", await visitor.GetStringAsync("/en/policy/versions"));
    }

    /// <summary>The test site with an <see cref="IHttpContextAccessor"/>, so that database commands can be told apart by request.</summary>
    private sealed class CountingSite : SiteFactory
    {
        public RequestDatabaseCommands Commands() => new(Services.GetRequiredService<IHttpContextAccessor>());

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddHttpContextAccessor());
        }
    }
}
