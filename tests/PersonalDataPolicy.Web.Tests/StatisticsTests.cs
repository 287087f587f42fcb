using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Web.Features.Analytics;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>Policy §4.3, §5.2: anonymous statistics only after the visitor agrees, and only counts.</summary>
public sealed class StatisticsTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task A_consent_given_with_global_privacy_control_records_the_signal_and_the_receipt_says_so()
    {
        var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Sec-GPC", "1");

        var sent = await Forms.PostAppealAsync(client, "ru", Forms.ValidAppeal(email: "gpc.person@example.kz"));
        var receipt = WebUtility.HtmlDecode(await client.GetStringAsync(sent.Headers.Location!.OriginalString));

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var subject = await site.SubjectWithEmailAsync("gpc.person@example.kz");
        var granted = await site.WithDbAsync(db => db.ConsentEvents.Where(e => e.SubjectId == subject!.Id).ToListAsync());
        Assert.All(granted, e => Assert.EndsWith(";gpc", e.Evidence, StringComparison.Ordinal));
        Assert.Contains("(ваш браузер передал сигнал Global Privacy Control)", receipt);
    }

    [Fact]
    public async Task A_browser_sending_global_privacy_control_is_told_it_is_honoured_and_the_site_says_so_at_the_well_known_address()
    {
        var client = site.CreateClient();
        client.DefaultRequestHeaders.Add("Sec-GPC", "1");

        var policy = WebUtility.HtmlDecode(await client.GetStringAsync("/ru/policy"));
        var appeal = WebUtility.HtmlDecode(await client.GetStringAsync("/en/appeal"));
        var wellKnown = await client.GetAsync("/.well-known/gpc.json");
        using var document = System.Text.Json.JsonDocument.Parse(await wellKnown.Content.ReadAsStringAsync());

        Assert.Contains("сигнал Global Privacy Control, и сайт его соблюдает", policy);
        Assert.Contains("so the box stays unticked", appeal);
        Assert.DoesNotContain("name=\"Form.ConsentToMarketing\" type=\"checkbox\" value=\"true\" checked", appeal);
        Assert.Equal("application/json", wellKnown.Content.Headers.ContentType?.MediaType);
        Assert.True(document.RootElement.GetProperty("gpc").GetBoolean());
        Assert.DoesNotContain("Global Privacy Control", WebUtility.HtmlDecode(await site.CreateClient().GetStringAsync("/ru/policy")));
    }

    [Fact]
    public async Task Without_a_choice_the_banner_asks_and_nothing_is_loaded_or_counted()
    {
        var client = site.CreateClient();
        var page = await client.GetStringAsync("/ru/policy");

        Assert.Contains("statistics-banner", page);
        Assert.Contains("id=\"statistics-accept\"", page);
        Assert.Contains("id=\"statistics-refuse\"", page);
        Assert.DoesNotContain("statistics.js", page);
        await client.PostAsync("/statistics/hit", new FormUrlEncodedContent(new Dictionary<string, string> { ["path"] = "/ru/policy" }));
        Assert.Equal(0, await site.WithDbAsync(db => db.PageViews.CountAsync()));
    }

    [Fact]
    public async Task After_accepting_pages_load_the_sites_own_script_and_hits_are_counted_by_page_language_and_mode_only()
    {
        var client = site.CreateClient();
        await Forms.PostFromSiteAsync(client, "/kk/cookies", new Dictionary<string, string> { ["choice"] = "accept", ["returnUrl"] = "/kk/policy" });

        var page = await client.GetStringAsync("/kk/appeal");
        Assert.DoesNotContain("statistics-banner", page);
        Assert.Contains("<script src=\"/js/statistics.js", page);
        foreach (var path in new[] { "/kk/appeal", "/kk/appeal", "/kk/consent/receipts/AbCdEfGhIjKlMnOpQrStUv", "/kk/my-data/open?token=secret" })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/statistics/hit", new FormUrlEncodedContent(new Dictionary<string, string> { ["path"] = path }))).StatusCode);
        }

        var counts = await site.WithDbAsync(db => db.PageViews.ToDictionaryAsync(v => v.Page, v => v.Count));
        Assert.Equal(2, counts["appeal"]);
        Assert.Equal(1, counts["consent/receipts"]);
        Assert.Equal(1, counts["my-data/open"]);
        Assert.DoesNotContain(counts.Keys, k => k.Contains("AbCd", StringComparison.Ordinal) || k.Contains("secret", StringComparison.Ordinal));
        Assert.True(await site.WithDbAsync(db => db.AnalyticsChoices.AnyAsync(c => c.Accepted && c.Count >= 1)));
    }

    [Fact]
    public async Task Refusing_is_as_easy_as_accepting_and_keeps_everything_off()
    {
        var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var refused = await Forms.PostFromSiteAsync(client, "/en/cookies", new Dictionary<string, string> { ["choice"] = "refuse", ["returnUrl"] = "/en/faq" });

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var page = await client.GetStringAsync("/en/policy");
        Assert.DoesNotContain("statistics-banner", page);
        Assert.DoesNotContain("statistics.js", page);
        Assert.Contains("statistics off", await client.GetStringAsync("/en/cookies"));
    }

    [Theory]
    [InlineData("/en/policy/versions/2", "policy/versions", "en")]
    [InlineData("/ru/", "policy", "ru")]
    [InlineData("/de/policy", null, null)]
    [InlineData("https://evil.example/kk/policy", null, null)]
    public void Pages_are_named_without_ids_tokens_or_foreign_addresses(string path, string? name, string? language)
    {
        Assert.Equal(name is null ? null : (name, language!), AnalyticsController.PageOf(path));
    }
}
