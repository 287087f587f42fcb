using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Breaches;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Web.Features.Operator;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// Issue 15: the breach register. The site's clock stands at 09:00 on Tuesday 15 December 2026 in Astana (04:00 UTC);
/// 16 December is Independence Day, a public holiday.
/// </summary>
public sealed class BreachRegisterTests : IClassFixture<SiteFactory>
{
    private static readonly TimeSpan Astana = TimeSpan.FromHours(5);
    private readonly SiteFactory _site;

    public BreachRegisterTests(SiteFactory site)
    {
        site.Clock ??= new FakeTimeProvider(new DateTimeOffset(2026, 12, 15, 4, 0, 0, TimeSpan.Zero));
        _site = site;
    }

    [Fact]
    public async Task The_clock_runs_to_the_end_of_the_next_working_day_in_astana_over_a_weekend_and_a_holiday()
    {
        var officer = await SignedInStaff.CreateAsync(_site, "clock-officer@fund.kz", StaffRoles.ComplianceOfficer);

        // Friday evening in Astana: the weekend does not count.
        var friday = await RecordAsync(officer, "2026-12-11T18:00");
        // Tuesday morning: Wednesday the 16th is Independence Day, so the working day is Thursday the 17th.
        var tuesday = await RecordAsync(officer, "2026-12-15T08:30");
        // 00:30 on Saturday in Astana is still Friday 19:30 UTC: counted from Saturday, the day is Monday.
        var saturday = await RecordAsync(officer, "2026-12-12T00:30");

        Assert.Equal(new DateTimeOffset(2026, 12, 14, 23, 59, 59, Astana), friday.NotifyAuthorityBy);
        Assert.Equal(new DateTimeOffset(2026, 12, 17, 23, 59, 59, Astana), tuesday.NotifyAuthorityBy);
        Assert.Equal(new DateTimeOffset(2026, 12, 14, 23, 59, 59, Astana), saturday.NotifyAuthorityBy);

        // The dashboard says it in words; the colour only repeats them.
        var dashboard = WebUtility.HtmlDecode(await officer.Client.GetStringAsync("/admin"));
        Assert.Contains($"<strong class=\"overdue\">Overdue: the authorized body had to be notified by 14 December 2026, 23:59 (Astana time, UTC+05:00)</strong>", dashboard);
        Assert.Contains("Notify the authorized body by 17 December 2026, 23:59 (Astana time, UTC+05:00)", dashboard);
        Assert.Contains($"Incident No. {tuesday.Number}", dashboard);

        // The compliance reports count them by month of discovery (the register's side of the reports' seam).
        var reports = WebUtility.HtmlDecode(await officer.Client.GetStringAsync("/admin/reports"));
        Assert.Contains("id=\"incidents-table\"", reports);
        Assert.DoesNotContain("id=\"incidents-missing\"", reports);
    }

    [Fact]
    public async Task From_record_to_notifications_the_copy_is_stored_once_the_people_are_told_in_their_language_and_every_step_is_audited()
    {
        await AppealAsync("breach-kk@example.kz", "8 701 111 22 33", "kk");
        await AppealAsync("breach-ru@example.kz", "8 701 111 22 44", "ru");
        var officer = await SignedInStaff.CreateAsync(_site, "journey-officer@fund.kz", StaffRoles.ComplianceOfficer);
        var incident = await RecordAsync(officer, "2026-12-15T08:45");
        var page = $"/admin/breaches/{incident.Number}";

        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostAsync($"{page}/subjects", new() { ["by"] = "Email", ["q"] = "Breach-KK@example.kz" }, page)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostAsync($"{page}/subjects", new() { ["by"] = "Phone", ["q"] = "+7 701 111 22 44" }, page)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostAsync($"{page}/notify-subjects", [], page)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostAsync($"{page}/notify-subjects", [], page)).StatusCode);

        var mails = await _site.WithDbAsync(db => db.Outbox.Where(m => m.Template == "breach-notice").Select(m => new { m.SubjectId, m.Language, m.Kind, m.Subject }).ToListAsync());
        Assert.Equal(2, mails.Count); // the second press told nobody twice
        Assert.Contains(mails, m => m.Language == "kk" && m.Subject == "Дербес деректеріңіздің қауіпсіздігі бұзылды");
        Assert.Contains(mails, m => m.Language == "ru" && m.Subject == "Нарушение безопасности ваших персональных данных");
        Assert.All(mails, m => Assert.Equal(MailKind.RightsResponse, m.Kind));

        // The notification in Russian, with the contacts of the person responsible (art. 25 p. 2 sub-p. 8) and the annex.
        var fund = _site.Services.GetRequiredService<IOptions<OperatorOptions>>().Value;
        var draft = WebUtility.HtmlDecode(await officer.Client.GetStringAsync($"{page}/notification?language=ru"));
        Assert.Contains("Уведомление о нарушении безопасности персональных данных", draft);
        Assert.Contains(fund.ResponsiblePerson.Email!, draft);
        Assert.Contains(fund.ResponsiblePerson.Phone!, draft);
        Assert.Contains("Сейтқазы", draft);

        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostAsync($"{page}/notification", new() { ["language"] = "ru" }, page)).StatusCode);
        var copy = await _site.WithDbAsync(db => db.BreachNotificationCopies.SingleAsync(c => c.IncidentId == incident.Id));
        Assert.Equal("ru", copy.Language);
        Assert.Contains(fund.ResponsiblePerson.Email!, copy.Content);
        Assert.DoesNotContain("Сейтқазы", copy.Content); // the annex is read live, never stored

        // Marked sent twice: the second is refused and the copy stays as it was; the data layer refuses any change to it.
        await officer.PostAsync($"{page}/notification", new() { ["language"] = "en" }, page);
        var copies = await _site.WithDbAsync(db => db.BreachNotificationCopies.Where(c => c.IncidentId == incident.Id).ToListAsync());
        Assert.Equal((1, "ru", copy.Content), (copies.Count, copies[0].Language, copies[0].Content));
        await Assert.ThrowsAsync<AppendOnlyViolationException>(() => _site.WithDbAsync(async db =>
        {
            db.BreachNotificationCopies.Remove(await db.BreachNotificationCopies.SingleAsync(c => c.IncidentId == incident.Id));
            return await db.SaveChangesAsync();
        }));
        var stored = WebUtility.HtmlDecode(await officer.Client.GetStringAsync($"{page}/notification?language=en"));
        Assert.Contains("Уведомление о нарушении безопасности персональных данных", stored); // shown as sent, in Russian
        Assert.Contains("The stored copy, as sent on 15 December 2026", stored);

        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostAsync($"{page}/close", [], page)).StatusCode);
        var record = WebUtility.HtmlDecode(await officer.Client.GetStringAsync(page));
        Assert.Contains("Authorized body notified on time: 15 December 2026", record);
        Assert.Contains("Linked: 2. Told by mail: 2.", record);

        var audit = await _site.WithDbAsync(db => db.AuditLog.Where(e => e.Details != null && e.Details.StartsWith($"incident {incident.Number}")).OrderBy(e => e.At).ToListAsync());
        Assert.Equal(
            [AuditAction.RecordedBreach, AuditAction.LinkedBreachSubjects, AuditAction.LinkedBreachSubjects, AuditAction.NotifiedBreachSubjects, AuditAction.NotifiedBreachSubjects,
             AuditAction.ViewedBreachNotification, AuditAction.NotifiedAuthorityOfBreach, AuditAction.ViewedBreachNotification, AuditAction.ClosedBreach],
            audit.Select(e => e.Action).ToArray());
        Assert.All(audit, e => Assert.Equal(officer.Id, e.StaffUserId));
        Assert.DoesNotContain(audit, e => e.Details!.Contains("breach-kk", StringComparison.OrdinalIgnoreCase) || e.Details.Contains("701", StringComparison.Ordinal));
        Assert.Contains("marked the notification sent and stored its copy", record);
    }

    [Fact]
    public async Task A_whole_category_links_everyone_on_record_at_discovery()
    {
        await AppealAsync("breach-all@example.kz", "8 701 111 22 55", "en");
        var officer = await SignedInStaff.CreateAsync(_site, "category-officer@fund.kz", StaffRoles.Administrator);
        var incident = await RecordAsync(officer, "2026-12-15T09:00"); // now: every record so far existed at discovery
        var onRecord = await _site.WithDbAsync(db => db.DataSubjects.CountAsync(s => s.Status == PersonalDataPolicy.Subjects.SubjectStatus.Active));

        await officer.PostAsync($"/admin/breaches/{incident.Number}/subjects", new() { ["by"] = "AllRecordsAtDiscovery" }, $"/admin/breaches/{incident.Number}");

        Assert.Equal(onRecord, await _site.WithDbAsync(db => db.BreachIncidents.Where(i => i.Id == incident.Id).SelectMany(i => i.Subjects).CountAsync()));
        Assert.True(onRecord >= 1);
    }

    [Fact]
    public async Task Staff_without_the_compliance_or_administrator_role_cannot_open_or_write_the_register()
    {
        var clerk = await SignedInStaff.CreateAsync(_site, "clerk@fund.kz", StaffRoles.Staff);
        var before = await _site.WithDbAsync(db => db.BreachIncidents.CountAsync());

        var list = await clerk.Client.GetAsync("/admin/breaches");
        var post = await clerk.PostAsync("/admin/breaches/new", Fields("2026-12-15T08:00"), "/admin");

        Assert.Equal("/admin/denied", list.Headers.Location?.AbsolutePath);
        Assert.Equal("/admin/denied", post.Headers.Location?.AbsolutePath);
        Assert.Equal(before, await _site.WithDbAsync(db => db.BreachIncidents.CountAsync()));
        Assert.DoesNotContain("/admin/breaches", await clerk.Client.GetStringAsync("/admin"));
    }

    [Fact]
    public async Task A_breach_discovered_in_the_future_or_without_categories_is_refused_with_reasons_and_nothing_is_stored()
    {
        var officer = await SignedInStaff.CreateAsync(_site, "careless-officer@fund.kz", StaffRoles.ComplianceOfficer);
        var before = await _site.WithDbAsync(db => db.BreachIncidents.CountAsync());
        var fields = Fields("2026-12-15T10:00"); // 10:00 in Astana is an hour after now
        fields.Remove("Categories[0]");
        fields["OccurredAt"] = "2026-12-15T11:00";

        var response = await officer.PostAsync("/admin/breaches/new", fields, "/admin/breaches/new");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The time of discovery cannot be in the future.", html);
        Assert.Contains("Choose at least one category of personal data.", html);
        Assert.Contains("The breach cannot have happened after it was discovered.", html);
        Assert.Equal(before, await _site.WithDbAsync(db => db.BreachIncidents.CountAsync()));
    }

    private async Task<BreachIncident> RecordAsync(SignedInStaff officer, string discoveredLocal)
    {
        var response = await officer.PostAsync("/admin/breaches/new", Fields(discoveredLocal), "/admin/breaches/new");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var number = int.Parse(response.Headers.Location!.OriginalString.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        return await _site.WithDbAsync(db => db.BreachIncidents.SingleAsync(i => i.Number == number));
    }

    private static Dictionary<string, string> Fields(string discoveredLocal) => new()
    {
        ["DiscoveredAt"] = discoveredLocal,
        ["Categories[0]"] = "Email",
        ["Categories[1]"] = "Phone",
        ["SubjectCount"] = "2",
        ["Cause"] = "A misconfigured export left a file readable from the internet.",
        ["Consequences"] = "E-mail addresses and phone numbers may have been copied.",
        ["Measures"] = "Access closed; file removed; keys rotated. Planned: review of export settings.",
    };

    private async Task AppealAsync(string email, string phone, string culture)
    {
        var response = await Forms.PostAppealAsync(MyDataJourney.Browser(_site), culture, Forms.ValidAppeal(email: email, phone: phone));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
