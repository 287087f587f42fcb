using System.Net;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Web.Infrastructure;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using static PersonalDataPolicy.Web.Tests.Infrastructure.StaffJourney;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>Compliance officers read the consent ledger as history, export it and verify its chain.</summary>
public sealed class ComplianceTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private async Task<HttpClient> OfficerAsync(string email)
    {
        var key = await CreateStaffAsync(site, email, twoFactor: true, StaffRoles.ComplianceOfficer);
        var client = Browser(site);
        await SignInAsync(client, email, authenticatorKey: key);
        return client;
    }

    [Fact]
    public async Task Consent_history_is_for_compliance_officers_and_filters_and_totals_work()
    {
        await MyDataJourney.SubmitAppealAsync(site, "history-1@example.kz", marketing: true);
        await MyDataJourney.SubmitAppealAsync(site, "history-2@example.kz");
        var officer = await OfficerAsync("history-officer@fund.kz");
        await CreateStaffAsync(site, "history-staff@fund.kz", twoFactor: false, StaffRoles.Staff);
        var staff = Browser(site);
        await SignInAsync(staff, "history-staff@fund.kz");

        Assert.StartsWith("/admin/denied", (await staff.GetAsync("/admin/consents")).Headers.Location!.AbsolutePath);
        var marketingOnly = await officer.GetStringAsync("/admin/consents?Purpose=MarketingNotifications");
        // Double opt-in: a ticked box on the form is a request until the mailbox confirms it.
        Assert.Contains("<td>Notifications about new products and special offers</td><td>asked for, awaiting confirmation from the mailbox</td><td>1</td>", marketingOnly);
        Assert.DoesNotContain("<td>Notifications about new products and special offers</td><td>consent given</td>", marketingOnly);
        Assert.DoesNotContain("Processing of personal data</td><td>consent given", marketingOnly);
        Assert.DoesNotContain("history-1@example.kz", marketingOnly);
        // The filter's days are the fund's (Astana time): from 19:00 UTC its today is the UTC tomorrow.
        var today = SiteDates.Today(TimeProvider.System).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("consent given</td><td>", await officer.GetStringAsync($"/admin/consents?From={today}&To={today}"));
        Assert.DoesNotContain("consent given</td><td>", await officer.GetStringAsync("/admin/consents?From=2001-01-01&To=2001-12-31"));
    }

    [Fact]
    public async Task The_csv_export_streams_every_matching_event_without_personal_data_and_is_audited()
    {
        for (var i = 0; i < 5; i++)
        {
            await MyDataJourney.SubmitAppealAsync(site, $"csv-{i}@example.kz", marketing: i % 2 == 0);
        }

        var officer = await OfficerAsync("csv-officer@fund.kz");
        var total = await site.WithDbAsync(db => db.ConsentEvents.CountAsync());

        var rows = await ExcelCsv.DownloadAsync(officer, "/admin/consents.csv");

        Assert.Equal(["Sequence", "OccurredAtUtc", "SubjectId", "Purpose", "Action", "PolicyVersion"], rows[0][..6]);
        Assert.Equal(total + 1, rows.Count);
        Assert.DoesNotContain(rows.SelectMany(r => r), cell => cell.Contains("@example.kz", StringComparison.Ordinal));
        // Excel under any regional setting reads "2026-12-03 06:05:00.123" as a date and time; "O" with its T and Z it keeps as text.
        Assert.All(rows.Skip(1), r => Assert.True(DateTime.TryParseExact(r[1], "yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _), r[1]));
        var exported = await site.WithDbAsync(db => db.AuditLog.CountAsync(e => e.Action == AuditAction.ExportedConsentHistory));
        Assert.True(exported >= 1);

        var filtered = await ExcelCsv.DownloadAsync(officer, "/admin/consents.csv?Purpose=MarketingNotifications");
        Assert.All(filtered.Skip(1), r => Assert.Equal("MarketingNotifications", r[3]));
    }

    [Fact]
    public async Task The_verification_page_reports_events_checked_and_the_first_broken_link()
    {
        await MyDataJourney.SubmitAppealAsync(site, "verify-1@example.kz", marketing: true);
        var officer = await OfficerAsync("verify-officer@fund.kz");

        var intact = await StaffJourney.PostAsync(officer, "/admin/ledger", [], "/admin/ledger");
        var intactHtml = await intact.Content.ReadAsStringAsync();
        var count = await site.WithDbAsync(db => db.ConsentEvents.CountAsync());
        Assert.Contains($"Events checked: {count}", intactHtml);
        Assert.Contains("The chain is intact.", intactHtml);
        Assert.Contains($"It matches the signed checkpoint of event #{count}.", intactHtml);

        await using (var connection = site.OpenRawConnection())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE ConsentEvents SET PolicyVersion = 7 WHERE Sequence = 1";
            await command.ExecuteNonQueryAsync();
        }

        var broken = await (await StaffJourney.PostAsync(officer, "/admin/ledger", [], "/admin/ledger")).Content.ReadAsStringAsync();
        Assert.Contains("The chain is broken at event #1.", broken);
        Assert.True(await site.WithDbAsync(db => db.AuditLog.CountAsync(e => e.Action == AuditAction.VerifiedLedger)) >= 1);
        Assert.True(await site.WithDbAsync(db => db.AuditLog.CountAsync(e => e.Action == AuditAction.LedgerBroken && e.Details!.StartsWith("ContentChanged at #1:"))) >= 1);
    }

    [Fact]
    public async Task The_audit_log_viewer_filters_by_action_and_exports_csv()
    {
        var officer = await OfficerAsync("audit-viewer@fund.kz");
        await StaffJourney.PostAsync(officer, "/admin/ledger", [], "/admin/ledger");

        var page = await officer.GetStringAsync("/admin/audit?What=VerifiedLedger");
        var rows = await ExcelCsv.DownloadAsync(officer, "/admin/audit/audit.csv?What=VerifiedLedger");

        Assert.Contains("audit-viewer@fund.kz", page);
        Assert.Contains("VerifiedLedger", page);
        Assert.Equal(["AtUtc", "StaffUserId", "StaffEmail", "Action"], rows[0][..4]);
        Assert.All(rows.Skip(1), r => Assert.Equal("VerifiedLedger", r[3]));
        Assert.True(rows.Count >= 2);
    }
}
