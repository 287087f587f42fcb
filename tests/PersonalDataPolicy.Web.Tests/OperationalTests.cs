using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Web.Tests;

public abstract class OperationalScenarios(SiteFactory site)
{
    [Fact]
    public async Task Liveness_and_readiness_answer_on_their_own_paths()
    {
        var client = site.CreateClient();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Appeals_sent_at_the_same_moment_all_land_and_the_ledger_stays_one_unbroken_chain()
    {
        var clients = Enumerable.Range(0, 8).Select(_ => site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false })).ToList();
        var pages = await Task.WhenAll(clients.Select(c => c.GetStringAsync("/en/appeal")));

        var responses = await Task.WhenAll(clients.Select((client, i) =>
        {
            var fields = Forms.ValidAppeal(email: $"parallel-{i}@example.kz");
            fields["Form.ConsentToMarketing"] = "true";
            fields["__RequestVerificationToken"] = Forms.TokenIn(pages[i]);
            fields["form-started"] = Forms.StartedIn(pages[i])!;
            return client.PostAsync("/en/appeal", new FormUrlEncodedContent(fields));
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        var verification = await site.VerifyLedgerAsync();
        var sequences = await site.WithDbAsync(db => db.ConsentEvents.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync());
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(16, verification.EventsChecked);
        Assert.Equal(Enumerable.Range(1, 16).Select(i => (long)i), sequences);

        // Eight writers, one checkpoint file: whole lines only, in rising order, the last one vouching for the head.
        var checkpointed = File.ReadAllLines(site.CheckpointFile()).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(checkpointed.Order().Distinct(), checkpointed);
        Assert.Equal(16, checkpointed[^1]);
        Assert.Equal(16, verification.Checkpoint!.Sequence);
    }

    [Theory]
    [InlineData("ru-RU", "Произошла ошибка")]
    [InlineData("en", "Something went wrong")]
    [InlineData(null, "Қате орын алды")]
    public async Task The_error_page_speaks_the_visitors_language(string? acceptLanguage, string text)
    {
        var client = site.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/error/500");
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains(text, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Responses_carry_security_headers()
    {
        var response = await site.CreateClient().GetAsync("/en/policy");

        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }
}

public sealed class OperationalTests(SiteFactory site) : OperationalScenarios(site), IClassFixture<SiteFactory>;

[Collection(OnPostgreSql.Name)]
public sealed class OperationalOnPostgreSqlTests(PostgreSqlSiteFactory site) : OperationalScenarios(site), IClassFixture<PostgreSqlSiteFactory>;
