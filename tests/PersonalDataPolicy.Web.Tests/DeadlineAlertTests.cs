using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Requests;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using static PersonalDataPolicy.Web.Tests.Infrastructure.StaffJourney;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// Issue 15: before a request's legal deadline its assignee is reminded, in their language, at the configured number of
/// working days; when it is overdue the compliance officers are told; each alert once. The dashboard lists both.
/// </summary>
public sealed class DeadlineAlertTests
{
    // Monday 7 December 2026, 09:00 in Astana.
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(5));

    private readonly FakeTimeProvider _clock = new(Monday);

    private async Task<(SiteFactory Site, string Caseworker, string Officer)> NewSiteAsync()
    {
        var site = new SiteFactory { Clock = _clock };
        await CreateStaffAsync(site, "assignee@fund.kz", twoFactor: false, StaffRoles.Staff);
        await CreateStaffAsync(site, "officer@fund.kz", twoFactor: false, StaffRoles.ComplianceOfficer);
        await using var scope = site.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var caseworker = (await users.FindByEmailAsync("assignee@fund.kz"))!;
        caseworker.PreferredLanguage = "ru";
        await users.UpdateAsync(caseworker);
        var officer = (await users.FindByEmailAsync("officer@fund.kz"))!;
        officer.PreferredLanguage = "kk";
        await users.UpdateAsync(officer);
        return (site, caseworker.Id, officer.Id);
    }

    /// <summary>An access request (3 working days) received now and taken by the caseworker: due Thursday 10 December.</summary>
    private static async Task<DataSubjectRequest> OpenAccessRequestAsync(SiteFactory site, string? assignee, string email, DateTimeOffset? receivedAt = null)
    {
        await using var scope = site.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var subject = new DataSubject(new PersonName("Мерзімова", "Әсел", null), email, "+77015554433", "kk",
            scope.ServiceProvider.GetRequiredService<IBlindIndex>(), site.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        db.DataSubjects.Add(subject);
        var received = receivedAt ?? site.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var request = new DataSubjectRequest(subject.Id, RequestType.Access, RequestChannel.Web, received,
            site.Services.GetRequiredService<RequestDeadlines>().DueAt(RequestType.Access, received));
        db.Requests.Add(request);
        if (assignee is not null)
        {
            request.AssignTo(assignee);
        }

        await db.SaveChangesAsync();
        return request;
    }

    private static Task<List<OutboxMessage>> AlertMailsAsync(SiteFactory site) =>
        site.WithDbAsync(db => db.Outbox.Where(m => m.Template == "request-due-soon" || m.Template == "request-overdue").ToListAsync());

    private static Task<int> RunAsync(SiteFactory site) => site.Services.GetRequiredService<DeadlineAlertWorker>().RunOnceAsync(CancellationToken.None);

    [Fact]
    public async Task The_assignee_is_reminded_once_two_working_days_before_and_the_officers_once_when_overdue()
    {
        var (site, _, _) = await NewSiteAsync();
        await using var lifetime = site;
        var caseworker = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "assignee@fund.kz").Select(u => u.Id).SingleAsync());
        var request = await OpenAccessRequestAsync(site, caseworker, "deadline@example.kz");
        Assert.Equal(new DateTimeOffset(2026, 12, 10, 23, 59, 59, TimeSpan.FromHours(5)), request.DueAt);

        // Monday: three working days left, more than the threshold.
        await RunAsync(site);
        Assert.Empty(await AlertMailsAsync(site));

        // Tuesday: two left. The reminder goes to the assignee, in Russian, once however often the job runs.
        _clock.SetUtcNow(Monday.AddDays(1));
        await RunAsync(site);
        await RunAsync(site);
        _clock.SetUtcNow(Monday.AddDays(2));
        await RunAsync(site);
        var reminders = await AlertMailsAsync(site);
        var reminder = Assert.Single(reminders);
        Assert.Equal(("assignee@fund.kz", "ru", "Приближается срок ответа на запрос"), (reminder.ToAddress, reminder.Language, reminder.Subject));
        Assert.Contains("осталось 2 рабочих дня", reminder.TextBody);
        Assert.Contains($"/admin/requests/{request.Id}", reminder.TextBody);
        Assert.DoesNotContain("Мерзімова", reminder.TextBody);

        // Friday: overdue. The compliance officers are told, in their language, once.
        _clock.SetUtcNow(Monday.AddDays(4));
        await RunAsync(site);
        await RunAsync(site);
        var overdue = (await AlertMailsAsync(site)).Where(m => m.Template == "request-overdue").ToList();
        var escalation = Assert.Single(overdue);
        Assert.Equal(("officer@fund.kz", "kk", "Сұрауға жауап беру мерзімі өтті"), (escalation.ToAddress, escalation.Language, escalation.Subject));
        var alerts = await site.WithDbAsync(db => db.DeadlineAlerts.Where(a => a.RequestId == request.Id).Select(a => new { a.Kind, a.WorkingDaysBefore }).ToListAsync());
        Assert.Equal(2, alerts.Count);
    }

    [Fact]
    public async Task A_request_nobody_has_taken_is_brought_to_the_compliance_officers_and_a_closed_one_to_nobody()
    {
        var (site, caseworker, _) = await NewSiteAsync();
        await using var lifetime = site;
        var unassigned = await OpenAccessRequestAsync(site, null, "unassigned@example.kz");
        var closed = await OpenAccessRequestAsync(site, caseworker, "closed@example.kz");
        await using (var scope = site.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (await db.Requests.SingleAsync(r => r.Id == closed.Id)).Complete(_clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        _clock.SetUtcNow(Monday.AddDays(1));
        await RunAsync(site);

        var mail = Assert.Single(await AlertMailsAsync(site));
        Assert.Equal(("officer@fund.kz", "request-due-soon"), (mail.ToAddress, mail.Template));
        Assert.Contains($"/admin/requests/{unassigned.Id}", mail.TextBody);
    }

    [Fact]
    public async Task Two_rounds_at_once_still_send_each_alert_once()
    {
        var (site, caseworker, _) = await NewSiteAsync();
        await using var lifetime = site;
        await OpenAccessRequestAsync(site, caseworker, "race@example.kz");
        _clock.SetUtcNow(Monday.AddDays(1));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RunAsync(site)));

        Assert.Single(await AlertMailsAsync(site));
    }

    [Fact]
    public async Task The_dashboard_lists_overdue_and_due_soon_requests_but_not_those_further_off()
    {
        var (site, caseworker, _) = await NewSiteAsync();
        await using var lifetime = site;
        var soon = await OpenAccessRequestAsync(site, caseworker, "soon@example.kz");
        var late = await OpenAccessRequestAsync(site, null, "late@example.kz", Monday.AddDays(-7));
        var later = await OpenAccessRequestAsync(site, null, "later@example.kz", Monday.AddDays(7));
        _clock.SetUtcNow(Monday.AddDays(1));
        var client = Browser(site);
        await SignInAsync(client, "assignee@fund.kz");

        var dashboard = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/admin"));

        var watch = dashboard[dashboard.IndexOf("id=\"deadline-watch\"", StringComparison.Ordinal)..];
        Assert.Contains($"<tr class=\"overdue\" data-request=\"{late.Id}\">", watch);
        Assert.Contains($"<tr data-request=\"{soon.Id}\">", watch);
        Assert.Contains("2 рабочих дня", watch);
        Assert.DoesNotContain(later.Id.ToString(), watch);
        Assert.True(watch.IndexOf(late.Id.ToString(), StringComparison.Ordinal) < watch.IndexOf(soon.Id.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("16")]
    public async Task A_threshold_outside_one_to_fifteen_working_days_stops_the_site_at_start(string days)
    {
        await using var site = new SiteFactory();
        site.Settings["Requests:WarnWorkingDaysBefore:0"] = days;

        var failure = Assert.ThrowsAny<Exception>(() => site.CreateClient());

        Assert.Contains("Requests:WarnWorkingDaysBefore", failure.ToString());
    }
}
