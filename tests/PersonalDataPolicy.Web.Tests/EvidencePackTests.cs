using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// A person's evidence pack for a regulator or a court: reached from the record opened for a purpose, for compliance
/// officers only, every opening audited, with the ledger positions of the consents and no mail bodies or addresses.
/// </summary>
public sealed class EvidencePackTests(SiteFactory site, ITestOutputHelper output) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task The_pack_holds_consents_with_ledger_positions_requests_mails_and_lifecycle_steps_and_each_opening_is_audited()
    {
        await MyDataJourney.SubmitAppealAsync(site, "evidence@example.kz", marketing: true);
        var subject = (await site.SubjectWithEmailAsync("evidence@example.kz"))!.Id;
        var caseworker = await SignedInStaff.CreateAsync(site, "evidence-caseworker@fund.kz", StaffRoles.Staff);
        await caseworker.PostAsync($"/admin/subjects/{subject}/Block", new() { ["reason"] = "Court order No. 2-114/2026" }, $"/admin/subjects/{subject}/Block");
        var officer = await SignedInStaff.CreateAsync(site, "evidence-officer@fund.kz", StaffRoles.ComplianceOfficer);

        var record = await officer.Client.GetStringAsync($"/admin/subjects/{subject}?purpose=LegalObligation");
        Assert.Contains($"href=\"/admin/subjects/{subject}/evidence?purpose=LegalObligation\"", record, StringComparison.Ordinal);
        var page = await officer.Client.GetStringAsync($"/admin/subjects/{subject}/evidence?purpose=LegalObligation");
        var json = await officer.Client.GetAsync($"/admin/subjects/{subject}/evidence.json?purpose=LegalObligation");

        Assert.Contains("id=\"evidence-consents\"", page, StringComparison.Ordinal);
        Assert.Contains("Court order No. 2-114/2026", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("attachment", json.Content.Headers.ContentDisposition?.DispositionType);
        using var pack = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        var root = pack.RootElement;
        var events = await site.WithDbAsync(db => db.ConsentEvents.Where(e => e.SubjectId == subject).OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal(events.Select(e => (e.Sequence, e.Hash)), root.GetProperty("consents").EnumerateArray().Select(c => (c.GetProperty("sequence").GetInt64(), c.GetProperty("hash").GetString()!)));
        Assert.Equal("evidence@example.kz", root.GetProperty("subject").GetProperty("email").GetString());
        Assert.Equal("LegalObligation", root.GetProperty("purpose").GetString());
        Assert.Equal("BlockedSubject", root.GetProperty("lifecycle")[0].GetProperty("action").GetString());
        Assert.Equal("evidence-caseworker@fund.kz", root.GetProperty("lifecycle")[0].GetProperty("staff").GetString());

        var mails = root.GetProperty("mails").EnumerateArray().ToList();
        Assert.NotEmpty(mails);
        Assert.All(mails, m => Assert.False(string.IsNullOrEmpty(m.GetProperty("template").GetString())));
        // Which template and when, never what it said or where it went.
        var text = root.GetRawText();
        var bodies = await site.WithDbAsync(db => db.Outbox.Where(m => m.SubjectId == subject).Select(m => m.TextBody).ToListAsync());
        Assert.All(bodies.Where(b => b.Length > 40), body => Assert.DoesNotContain(body[..40], text, StringComparison.Ordinal));
        Assert.DoesNotContain("\"toAddress\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Body\"", text, StringComparison.Ordinal);

        var audited = await site.WithDbAsync(db => db.AuditLog.Where(e => e.SubjectId == subject && e.Action == AuditAction.ExportedEvidencePack).OrderBy(e => e.At).ToListAsync());
        Assert.Equal(["html", "json"], audited.Select(e => e.Details));
        Assert.All(audited, e => Assert.Equal((AccessPurpose?)AccessPurpose.LegalObligation, e.Purpose));
        output.WriteLine($"{events.Count} consents, {mails.Count} mails, {audited.Count} audited openings");
    }

    [Fact]
    public async Task Without_a_purpose_the_pack_sends_to_the_record_which_asks_for_one_and_nothing_is_exported()
    {
        await MyDataJourney.SubmitAppealAsync(site, "evidence-purpose@example.kz");
        var subject = (await site.SubjectWithEmailAsync("evidence-purpose@example.kz"))!.Id;
        var officer = await SignedInStaff.CreateAsync(site, "evidence-purpose-officer@fund.kz", StaffRoles.ComplianceOfficer);

        var response = await officer.Client.GetAsync($"/admin/subjects/{subject}/evidence.json");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith($"/admin/subjects/{subject}", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(0, await site.WithDbAsync(db => db.AuditLog.CountAsync(e => e.SubjectId == subject && e.Action == AuditAction.ExportedEvidencePack)));
    }

    [Theory]
    [InlineData(StaffRoles.Staff)]
    [InlineData(StaffRoles.Administrator)]
    public async Task Only_compliance_officers_get_an_evidence_pack_or_its_link(string role)
    {
        await MyDataJourney.SubmitAppealAsync(site, $"evidence-{role.ToLowerInvariant()}@example.kz");
        var subject = (await site.SubjectWithEmailAsync($"evidence-{role.ToLowerInvariant()}@example.kz"))!.Id;
        var other = await SignedInStaff.CreateAsync(site, $"evidence-{role.ToLowerInvariant()}@fund.kz", role);

        Assert.DoesNotContain("/evidence", await other.Client.GetStringAsync($"/admin/subjects/{subject}?purpose=AnsweringRequest"), StringComparison.Ordinal);
        foreach (var url in new[] { $"/admin/subjects/{subject}/evidence?purpose=LegalObligation", $"/admin/subjects/{subject}/evidence.json?purpose=LegalObligation" })
        {
            var response = await other.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/admin/denied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        Assert.Equal(0, await site.WithDbAsync(db => db.AuditLog.CountAsync(e => e.SubjectId == subject && e.Action == AuditAction.ExportedEvidencePack)));
    }
}
