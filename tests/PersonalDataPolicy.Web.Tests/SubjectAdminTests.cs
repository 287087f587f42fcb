using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Erasure;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using static PersonalDataPolicy.Web.Tests.Infrastructure.StaffJourney;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>Staff find a person, open their record for a stated purpose, and block, depersonalize or destroy it.</summary>
public sealed class SubjectAdminTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private async Task<HttpClient> StaffAsync(string email, params string[] roles)
    {
        var key = await CreateStaffAsync(site, email, twoFactor: roles.Any(StaffRoles.RequireTwoFactor.Contains), roles);
        var client = Browser(site);
        await SignInAsync(client, email, authenticatorKey: key);
        return client;
    }

    [Fact]
    public async Task Staff_find_a_person_by_exact_email_phone_or_name_without_the_term_ever_reaching_a_url_or_the_log()
    {
        await MyDataJourney.SubmitAppealAsync(site, "findable.person@example.kz", lastName: "Табылатынова");
        var client = await StaffAsync("searcher@fund.kz", StaffRoles.Staff);

        var byEmail = await StaffJourney.PostAsync(client, "/admin/subjects", new() { ["by"] = "Email", ["q"] = " Findable.Person@example.kz " });
        var byPhone = await StaffJourney.PostAsync(client, "/admin/subjects", new() { ["by"] = "Phone", ["q"] = "+7 (701) 234-56-78" });
        var byName = await StaffJourney.PostAsync(client, "/admin/subjects", new() { ["by"] = "Name", ["q"] = "табылатынова" });

        Assert.Contains("Табылатынова", await byEmail.Content.ReadAsStringAsync());
        Assert.Contains("Табылатынова", await byPhone.Content.ReadAsStringAsync());
        Assert.Contains("Табылатынова", await byName.Content.ReadAsStringAsync());
        Assert.DoesNotContain("findable.person", site.Log.All, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Табылатынова", site.Log.All, StringComparison.Ordinal);
        var searches = await site.WithDbAsync(db => db.AuditLog.Where(e => e.Action == AuditAction.SearchedSubjects).ToListAsync());
        Assert.True(searches.Count >= 3);
        Assert.All(searches, e => Assert.DoesNotContain("findable", e.Details ?? string.Empty, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Opening_a_record_asks_why_and_the_audit_log_records_who_when_which_record_page_and_purpose()
    {
        await MyDataJourney.SubmitAppealAsync(site, "audited@example.kz", lastName: "Аудитова");
        var subject = await site.SubjectWithEmailAsync("audited@example.kz");
        var client = await StaffAsync("auditor@fund.kz", StaffRoles.Staff);

        var ask = await client.GetStringAsync($"/admin/subjects/{subject!.Id}");
        Assert.Contains("Why are you opening this record?", ask);
        Assert.DoesNotContain("Аудитова", ask);

        var record = await client.GetStringAsync($"/admin/subjects/{subject.Id}?purpose=AnsweringAppeal");
        Assert.Contains("Аудитова", record);
        var entry = await site.WithDbAsync(db => db.AuditLog.SingleAsync(e => e.SubjectId == subject.Id && e.Action == AuditAction.ViewedSubject));
        var staffId = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "auditor@fund.kz").Select(u => u.Id).SingleAsync());
        Assert.Equal((staffId, AccessPurpose.AnsweringAppeal, $"/admin/subjects/{subject.Id}"), (entry.StaffUserId, entry.Purpose!.Value, entry.Page));
        Assert.InRange(entry.At, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);

        // The last purpose is offered first next time.
        Assert.Contains("value=\"AnsweringAppeal\" checked=\"checked\"", await client.GetStringAsync($"/admin/subjects/{subject.Id}"));
    }

    [Fact]
    public async Task Blocking_needs_a_reason_hides_the_record_from_searches_and_is_audited()
    {
        await MyDataJourney.SubmitAppealAsync(site, "to-block@example.kz");
        var subject = await site.SubjectWithEmailAsync("to-block@example.kz");
        var client = await StaffAsync("blocker@fund.kz", StaffRoles.Staff);

        var noReason = await StaffJourney.PostAsync(client, $"/admin/subjects/{subject!.Id}/Block", new() { ["reason"] = " ", ["purpose"] = "AnsweringAppeal" }, $"/admin/subjects/{subject.Id}/Block");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(SubjectStatus.Active, (await site.SubjectWithEmailAsync("to-block@example.kz"))!.Status);

        var blocked = await StaffJourney.PostAsync(client, $"/admin/subjects/{subject.Id}/Block",
            new() { ["reason"] = "The person reported inaccurate data by phone.", ["purpose"] = "AnsweringAppeal" }, $"/admin/subjects/{subject.Id}/Block?purpose=AnsweringAppeal");
        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
        Assert.Equal(SubjectStatus.Blocked, (await site.SubjectWithEmailAsync("to-block@example.kz"))!.Status);
        var hidden = await StaffJourney.PostAsync(client, "/admin/subjects", new() { ["by"] = "Email", ["q"] = "to-block@example.kz" });
        var shown = await StaffJourney.PostAsync(client, "/admin/subjects", new() { ["by"] = "Email", ["q"] = "to-block@example.kz", ["includeBlocked"] = "true" });
        Assert.Contains("Found: 0", await hidden.Content.ReadAsStringAsync());
        Assert.Contains("Found: 1", await shown.Content.ReadAsStringAsync());
        var entry = await site.WithDbAsync(db => db.AuditLog.SingleAsync(e => e.SubjectId == subject.Id && e.Action == AuditAction.BlockedSubject));
        var block = await site.WithDbAsync(db => db.BlockHistory.SingleAsync(e => e.SubjectId == subject.Id));
        Assert.Equal((AccessPurpose.AnsweringAppeal, $"block {block.Id}"), (entry.Purpose, entry.Details));
        Assert.Equal(("The person reported inaccurate data by phone.", AccessPurpose.AnsweringAppeal), (block.Note, block.Purpose));

        // Unblocking keeps the history: both reasons stay, each under the purpose the record was opened for.
        var unblocked = await StaffJourney.PostAsync(client, $"/admin/subjects/{subject.Id}/Unblock",
            new() { ["reason"] = "Checked: the data were right.", ["purpose"] = "ComplianceReview" }, $"/admin/subjects/{subject.Id}/Unblock?purpose=ComplianceReview");
        Assert.Equal(HttpStatusCode.Redirect, unblocked.StatusCode);
        var history = await site.WithDbAsync(db => db.BlockHistory.Where(e => e.SubjectId == subject.Id).OrderBy(e => e.At).ToListAsync());
        Assert.Equal(
            [(BlockChange.Blocked, "The person reported inaccurate data by phone.", AccessPurpose.AnsweringAppeal), (BlockChange.Unblocked, "Checked: the data were right.", AccessPurpose.ComplianceReview)],
            history.Select(e => (e.Change, e.Note, e.Purpose)));
        Assert.Equal(AccessPurpose.ComplianceReview, (await site.WithDbAsync(db => db.AuditLog.SingleAsync(e => e.SubjectId == subject.Id && e.Action == AuditAction.UnblockedSubject))).Purpose);
        var page = await client.GetStringAsync($"/admin/subjects/{subject.Id}?purpose=ComplianceReview");
        Assert.Contains("The person reported inaccurate data by phone.", page);
        Assert.Contains("Checked: the data were right.", page);
    }

    [Fact]
    public async Task Only_administrators_and_compliance_officers_may_destroy_and_destruction_leaves_a_tombstone()
    {
        await MyDataJourney.SubmitAppealAsync(site, "to-destroy@example.kz", lastName: "Жойылатынова");
        var subject = await site.SubjectWithEmailAsync("to-destroy@example.kz");
        var caseworker = await StaffAsync("not-allowed@fund.kz", StaffRoles.Staff);
        var officer = await StaffAsync("officer@fund.kz", StaffRoles.ComplianceOfficer);

        var refused = await caseworker.GetAsync($"/admin/subjects/{subject!.Id}/Destroy");
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect);

        var asked = await StaffJourney.PostAsync(officer, $"/admin/subjects/{subject.Id}/Destroy", new() { ["reason"] = "Court decision No. 2-123/2026.", ["ground"] = "CourtDecision", ["purpose"] = "LegalObligation" }, $"/admin/subjects/{subject.Id}/Destroy");
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);

        // Four eyes: a second administrator or compliance officer approves the destruction.
        var admin = await StaffAsync("second-eyes@fund.kz", StaffRoles.Administrator);
        var approval = await site.WithDbAsync(db => db.PendingApprovals.SingleAsync(a => a.Target == subject.Id.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, (await StaffJourney.PostAsync(admin, $"/admin/approvals/{approval.Id}/approve", [], "/admin/approvals")).StatusCode);
        var page = await officer.GetStringAsync(asked.Headers.Location!.OriginalString);
        Assert.Contains("Destroyed", page);
        Assert.DoesNotContain("Жойылатынова", page);
        Assert.Equal(0, await site.WithDbAsync(db => db.Appeals.CountAsync(a => a.SubjectId == subject.Id)));
        Assert.Equal(SubjectStatus.Destroyed, (await site.WithDbAsync(db => db.DataSubjects.SingleAsync(s => s.Id == subject.Id))).Status);
    }

    [Fact]
    public async Task An_administrator_depersonalizes_a_record_from_the_ui_and_only_anonymous_appeal_rows_remain()
    {
        await MyDataJourney.SubmitAppealAsync(site, "to-depersonalize@example.kz", lastName: "Иесізова");
        var subject = await site.SubjectWithEmailAsync("to-depersonalize@example.kz");
        var admin = await StaffAsync("depersonalizer@fund.kz", StaffRoles.Administrator);

        var confirm = await admin.GetStringAsync($"/admin/subjects/{subject!.Id}/Depersonalize");
        Assert.Contains("irreversibly", confirm);
        var done = await StaffJourney.PostAsync(admin, $"/admin/subjects/{subject.Id}/Depersonalize", new() { ["ground"] = "PurposeAchieved", ["purpose"] = "ComplianceReview" }, $"/admin/subjects/{subject.Id}/Depersonalize");

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var (stored, appeal, audit) = await site.WithDbAsync(async db => (
            await db.DataSubjects.SingleAsync(s => s.Id == subject.Id),
            await db.Appeals.SingleAsync(a => a.SubjectId == subject.Id),
            await db.AuditLog.SingleAsync(e => e.SubjectId == subject.Id && e.Action == AuditAction.DepersonalizedSubject)));
        Assert.Equal((SubjectStatus.Depersonalized, string.Empty, string.Empty), (stored.Status, stored.LastName, stored.Email));
        Assert.Equal((string.Empty, string.Empty), (appeal.ContactName.LastName, appeal.Message));
        var certificate = await site.WithDbAsync(db => db.ErasureCertificates.SingleAsync(c => c.SubjectId == subject.Id));
        Assert.Equal((ErasureKind.Depersonalized, ErasureGround.PurposeAchieved), (certificate.Kind, certificate.Ground));
        Assert.Equal((AccessPurpose.ComplianceReview, $"certificate {certificate.Id}: PurposeAchieved"), (audit.Purpose, audit.Details));
        Assert.Null(await site.SubjectWithEmailAsync("to-depersonalize@example.kz"));
    }

    [Fact]
    public async Task The_dashboard_draws_ninety_days_of_consents_and_appeals_as_server_side_svg()
    {
        await MyDataJourney.SubmitAppealAsync(site, "chart-1@example.kz", marketing: true);
        await MyDataJourney.SubmitAppealAsync(site, "chart-2@example.kz");
        var client = await StaffAsync("charts@fund.kz", StaffRoles.Staff);

        var html = await client.GetStringAsync("/admin");

        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(html, "<svg class=\"chart\" role=\"img\""));
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(html, "<polyline "));
        var appeals = await site.WithDbAsync(db => db.Appeals.CountAsync());
        Assert.Contains($"Total: {appeals}", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public async Task The_audit_log_is_append_only()
    {
        await MyDataJourney.SubmitAppealAsync(site, "append-only@example.kz");
        var subject = await site.SubjectWithEmailAsync("append-only@example.kz");
        var client = await StaffAsync("appender@fund.kz", StaffRoles.Staff);
        await client.GetStringAsync($"/admin/subjects/{subject!.Id}?purpose=ComplianceReview");

        await using var scope = site.Scope();
        var db = scope.ServiceProvider.GetRequiredService<Data.AppDbContext>();
        db.AuditLog.Remove(await db.AuditLog.FirstAsync(e => e.SubjectId == subject.Id));

        await Assert.ThrowsAsync<Data.AppendOnlyViolationException>(() => db.SaveChangesAsync());
    }
}
