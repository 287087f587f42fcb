using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using ClientBudgets = PersonalDataPolicy.Web.Infrastructure.ClientBudgets;
using RateLimits = PersonalDataPolicy.Web.Infrastructure.RateLimits;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>Headers, size limits, and the robot checks on the public forms (with a real minimum fill time).</summary>
public sealed class SecurityTests : IClassFixture<SiteFactory>
{
    private readonly SiteFactory _site;

    public SecurityTests(SiteFactory site)
    {
        // The test moves this clock past the minimum fill time instead of waiting it out.
        site.Clock ??= new FakeTimeProvider(DateTimeOffset.UtcNow);
        site.Settings["Forms:MinimumFillSeconds"] = "2";
        site.Settings["RateLimiting:PostsPerMinute"] = "40";
        _site = site;
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers()
    {
        var response = await _site.CreateClient().GetAsync("/kk/policy");

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("http", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    /// <summary>Each budget's limiter runs a timer until disposed; a stopped site must not leave them running.</summary>
    [Fact]
    public async Task A_stopped_site_disposes_its_rate_limits()
    {
        await using var site = new SiteFactory();
        var budgets = site.Services.GetRequiredService<ClientBudgets>();
        var request = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        Assert.True(budgets.HasRoom(RateLimits.Appeal, request));

        await site.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => budgets.Take(RateLimits.Appeal, request));
    }

    [Fact]
    public async Task A_form_sent_faster_than_a_person_can_type_or_with_the_honeypot_filled_is_refused_and_nothing_is_stored()
    {
        var client = _site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await client.GetStringAsync("/ru/appeal");
        var fields = Forms.ValidAppeal(email: "robot@example.kz");
        fields["__RequestVerificationToken"] = Forms.TokenIn(page);
        fields["form-started"] = Forms.StartedIn(page)!;

        var tooFast = await client.PostAsync("/ru/appeal", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.BadRequest, tooFast.StatusCode);
        Assert.Contains("Форма отправлена быстрее", await tooFast.Content.ReadAsStringAsync());

        _site.Clock!.Advance(TimeSpan.FromSeconds(2.2));
        fields["website"] = "http://spam.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/ru/appeal", new FormUrlEncodedContent(fields))).StatusCode);
        fields.Remove("website");
        fields["form-started"] = "forged";
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/ru/appeal", new FormUrlEncodedContent(fields))).StatusCode);
        Assert.Null(await _site.SubjectWithEmailAsync("robot@example.kz"));

        fields["form-started"] = Forms.StartedIn(page)!;
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/ru/appeal", new FormUrlEncodedContent(fields))).StatusCode);
    }

    [Fact]
    public async Task Oversized_bodies_get_413_and_file_uploads_415_with_a_localized_page()
    {
        var client = _site.CreateClient();
        var huge = new StringContent(new string('x', 1_100_000));
        huge.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        var upload = new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "file", "passport.jpg" } };

        var tooLarge = await client.PostAsync("/en/appeal", huge);
        var refused = await client.PostAsync("/en/appeal", upload);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("The request is too large", await tooLarge.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
    }

    [Fact]
    public async Task Past_the_limit_every_public_post_gets_429_with_retry_after()
    {
        var client = _site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        HttpResponseMessage? last = null;
        for (var i = 0; i < 45 && last?.StatusCode != HttpStatusCode.TooManyRequests; i++)
        {
            last = await Forms.PostFromSiteAsync(client, "/en/display-mode", new Dictionary<string, string> { ["mode"] = "standard" });
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.Equal("60", last.Headers.GetValues("Retry-After").Single());
        Assert.Contains("Too many requests", await last.Content.ReadAsStringAsync());
    }
}

/// <summary>A locked database: a localized 503, nothing half-stored, and the site recovers on its own.</summary>
public sealed class DatabaseOutageTests : IClassFixture<SiteFactory>
{
    private readonly SiteFactory _site;

    public DatabaseOutageTests(SiteFactory site)
    {
        // Give up on a lock after one second instead of thirty.
        site.Settings["ConnectionStrings:Default"] = $"Data Source={site.DatabaseFile};Default Timeout=1";
        _site = site;
    }

    [Fact]
    public async Task While_another_writer_holds_the_database_the_appeal_gets_503_and_afterwards_it_goes_through()
    {
        var client = _site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru");
        var page = await client.GetStringAsync("/ru/appeal");
        var fields = Forms.ValidAppeal(email: "during-outage@example.kz");
        fields["__RequestVerificationToken"] = Forms.TokenIn(page);
        fields["form-started"] = Forms.StartedIn(page)!;
        var before = await _site.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.ConsentEvents));

        HttpResponseMessage during;
        await using (var holder = _site.OpenRawConnection())
        {
            await using var lockCommand = holder.CreateCommand();
            lockCommand.CommandText = "BEGIN EXCLUSIVE";
            await lockCommand.ExecuteNonQueryAsync();
            during = await client.PostAsync("/ru/appeal", new FormUrlEncodedContent(fields));
            lockCommand.CommandText = "ROLLBACK";
            await lockCommand.ExecuteNonQueryAsync();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal("30", during.Headers.GetValues("Retry-After").Single());
        Assert.Contains("Сервис временно недоступен", await during.Content.ReadAsStringAsync());
        Assert.Equal(before, await _site.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.ConsentEvents)));
        Assert.Null(await _site.SubjectWithEmailAsync("during-outage@example.kz"));

        var after = await Forms.PostAppealAsync(client, "ru", Forms.ValidAppeal(email: "during-outage@example.kz"));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }
}
