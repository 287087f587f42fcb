using System.Net;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Policies;
using PersonalDataPolicy.Web.Features.Policy;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>Publishes a version 2 into its own database, then reads the site as a visitor would.</summary>
public sealed class PolicyVersionTests : IClassFixture<SiteFactory>, IAsyncLifetime
{
    private static readonly DateOnly Version2EffectiveFrom = new(2026, 3, 1);
    private readonly SiteFactory _site;
    private readonly HttpClient _client;

    public PolicyVersionTests(SiteFactory site)
    {
        _site = site;
        _client = site.CreateClient();
    }

    public async Task InitializeAsync()
    {
        // A form opened under version 1 before version 2 is published.
        var version1Form = await _client.GetStringAsync("/en/appeal");
        _version1Token = Forms.TokenIn(version1Form);
        _version1Started = Forms.StartedIn(version1Form)!;
        await _site.WithDbAsync(async db =>
        {
            if (await db.PolicyVersions.AnyAsync(v => v.Number == 2))
            {
                return 0;
            }

            var current = await db.PolicyVersions.Include(v => v.Texts).SingleAsync(v => v.Number == 1);
            var version2 = new PolicyVersion(2, Version2EffectiveFrom, current.Texts.Select(t =>
                new PolicyText(t.Language, t.Title, [.. t.Sections, new PolicySection(9, "Version 2 section", null, ["New clause of version 2."])], t.MarkedSubjects)));
            version2.Publish(current);
            db.PolicyVersions.Add(version2);
            return await db.SaveChangesAsync();
        });

        // Published behind the site's back, as another instance would: this instance's publish does the same at once.
        await _site.Services.GetRequiredService<PublishedPolicies>().ChangedAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private string _version1Token = string.Empty;
    private string _version1Started = string.Empty;

    [Fact]
    public async Task The_current_policy_is_the_newest_published_version()
    {
        var html = await _client.GetStringAsync("/en/policy");

        Assert.Contains("Version 2, in effect from", html);
        Assert.Contains("New clause of version 2.", html);
        Assert.DoesNotContain("superseded", html);
    }

    [Fact]
    public async Task An_old_version_stays_readable_with_a_superseded_notice_and_a_link_to_the_current_one()
    {
        var html = await _client.GetStringAsync("/ru/policy/versions/1");

        Assert.Contains("С 1 марта 2026 г. эта редакция заменена новой.", html);
        Assert.Contains("href=\"/ru/policy\"", html);
        Assert.Contains("Читать действующую редакцию 2", html);
        Assert.DoesNotContain("New clause of version 2.", html);
    }

    [Fact]
    public async Task The_versions_list_shows_every_published_version_with_its_dates()
    {
        var html = await _client.GetStringAsync("/en/policy/versions");

        Assert.Contains("href=\"/en/policy/versions/2\"", html);
        Assert.Contains("href=\"/en/policy/versions/1\"", html);
        Assert.Contains("Superseded on 1 March 2026", html);
        Assert.Contains("1 January 2025", html);
    }

    [Fact]
    public async Task The_form_asks_for_consent_to_the_new_version_and_refuses_consent_given_to_the_old_one()
    {
        var form = await _client.GetStringAsync("/en/appeal");
        Assert.Contains("version 2, in effect from 1 March 2026", form);
        Assert.Contains("href=\"/en/policy/versions/2\"", form);

        var stale = Forms.ValidAppeal(email: "stale@example.kz");
        stale["__RequestVerificationToken"] = _version1Token;
        stale["form-started"] = _version1Started;
        var response = await _client.PostAsync("/en/appeal", new FormUrlEncodedContent(stale));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("version 2 is now in effect", html);
        Assert.Null(await _site.SubjectWithEmailAsync("stale@example.kz"));

        var fresh = Forms.ValidAppeal(email: "fresh@example.kz");
        fresh["Form.PolicyVersion"] = "2";
        await Forms.PostAppealAsync(_client, "en", fresh);
        var subject = await _site.SubjectWithEmailAsync("fresh@example.kz");
        var consent = await _site.WithDbAsync(db => db.ConsentEvents.SingleAsync(e => e.SubjectId == subject!.Id));
        Assert.Equal(2, consent.PolicyVersion);
        Assert.Equal(ConsentPurpose.PersonalDataProcessing, consent.Purpose);
    }
}
