using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Policies;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// Issue 15: dates that matter turn at midnight in Astana (UTC+5), not at midnight UTC. Version 2 takes effect on
/// 10 December 2026: at 18:30 UTC on the 9th it is 23:30 in Astana and version 1 is still in effect; at 23:30 UTC on
/// the 9th it is already 04:30 on the 10th in Astana and version 2 is — on the public page and in the admin list alike.
/// </summary>
public sealed class FundTimeZoneTests : IClassFixture<SiteFactory>
{
    private static readonly DateOnly EffectiveFrom = new(2026, 12, 10);
    private readonly SiteFactory _site;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 9, 18, 0, 0, TimeSpan.Zero));

    public FundTimeZoneTests(SiteFactory site)
    {
        site.Clock ??= _clock;
        _clock = site.Clock;
        _site = site;
    }

    [Fact]
    public async Task The_public_policy_and_the_admin_status_switch_at_midnight_in_astana()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 9, 18, 0, 0, TimeSpan.Zero));
        await PublishVersion2Async();
        var officer = await SignedInStaff.CreateAsync(_site, "tz-officer@fund.kz", StaffRoles.ComplianceOfficer);

        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 9, 18, 30, 0, TimeSpan.Zero)); // 23:30 on the 9th in Astana
        Assert.Contains("Version 1, in effect from", await _site.CreateClient().GetStringAsync("/en/policy"));
        var before = await officer.Client.GetStringAsync("/admin/policy");
        Assert.Equal(("Current", "Not yet in effect"), (StatusOf(before, 1), StatusOf(before, 2)));

        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 9, 23, 30, 0, TimeSpan.Zero)); // 04:30 on the 10th in Astana
        Assert.Contains("Version 2, in effect from", await _site.CreateClient().GetStringAsync("/en/policy"));
        var after = await officer.Client.GetStringAsync("/admin/policy");
        Assert.Equal(("Superseded on 10 December 2026", "Current"), (StatusOf(after, 1), StatusOf(after, 2)));
    }

    [Fact]
    public void A_request_received_at_23_30_utc_counts_its_working_days_from_the_next_day_in_astana()
    {
        // 23:30 UTC on Thursday 10 December is 04:30 on Friday 11 December in Astana: one working day later is Monday
        // the 14th, not Friday the 11th as a UTC count would give.
        var deadlines = _site.Services.GetRequiredService<RequestDeadlines>();

        var due = deadlines.DueAt(RequestType.Update, new DateTimeOffset(2026, 12, 10, 23, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 12, 14, 23, 59, 59, TimeSpan.FromHours(5)), due);
        Assert.Equal(new DateTimeOffset(2026, 12, 11, 23, 59, 59, TimeSpan.FromHours(5)), deadlines.DueAt(RequestType.Update, new DateTimeOffset(2026, 12, 10, 18, 30, 0, TimeSpan.Zero)));
    }

    private Task<int> PublishVersion2Async() => _site.WithDbAsync(async db =>
    {
        var current = await db.PolicyVersions.Include(v => v.Texts).SingleAsync(v => v.Number == 1);
        var version2 = new PolicyVersion(2, EffectiveFrom, current.Texts.Select(t => new PolicyText(t.Language, t.Title, t.Sections, t.MarkedSubjects)));
        version2.Publish(current);
        db.PolicyVersions.Add(version2);
        return await db.SaveChangesAsync();
    });

    /// <summary>The status cell of a version's row in the admin list, as text.</summary>
    private static string StatusOf(string html, int number)
    {
        var row = System.Text.RegularExpressions.Regex.Match(html, $@"<tr>\s*<td>\s*<a[^>]*>Version {number}</a>\s*</td>.*?</tr>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        var cells = System.Text.RegularExpressions.Regex.Matches(row, @"<td[^>]*>(.*?)</td>", System.Text.RegularExpressions.RegexOptions.Singleline);
        var status = System.Text.RegularExpressions.Regex.Replace(cells[2].Groups[1].Value, "<[^>]+>", string.Empty);
        return System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(status, @"\s+", " ").Trim()).Split(" — ")[0];
    }
}
