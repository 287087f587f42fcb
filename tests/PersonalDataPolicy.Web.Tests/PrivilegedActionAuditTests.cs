using System.Net;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Approvals;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Web.Features.Admin.PolicyVersions;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>Every privileged action, done through the admin pages, leaves an audit row of its kind naming who did it, and no personal data.</summary>
public sealed class PrivilegedActionAuditTests(SiteFactory site, ITestOutputHelper output) : IClassFixture<SiteFactory>
{
    private sealed record Step(string Name, SignedInStaff Actor, AuditAction Expected, Func<Task<HttpResponseMessage>> Act);

    [Fact]
    public async Task Every_privileged_action_is_in_the_audit_log_with_who_and_what()
    {
        await MyDataJourney.SubmitAppealAsync(site, "privileged-registers@example.kz", lastName: "Тізімдегі");
        await MyDataJourney.SubmitAppealAsync(site, "privileged-depersonalize@example.kz", lastName: "Иесізделетін");
        await MyDataJourney.SubmitAppealAsync(site, "privileged-destroy@example.kz", lastName: "Жойылатын");
        var registered = (await site.SubjectWithEmailAsync("privileged-registers@example.kz"))!.Id;
        var depersonalized = (await site.SubjectWithEmailAsync("privileged-depersonalize@example.kz"))!.Id;
        var destroyed = (await site.SubjectWithEmailAsync("privileged-destroy@example.kz"))!.Id;
        var admin = await SignedInStaff.CreateAsync(site, "privileged-admin@fund.kz", StaffRoles.Administrator);
        var second = await SignedInStaff.CreateAsync(site, "privileged-second@fund.kz", StaffRoles.Administrator);
        var officer = await SignedInStaff.CreateAsync(site, "privileged-officer@fund.kz", StaffRoles.ComplianceOfficer);
        await StaffJourney.CreateStaffAsync(site, "privileged-target@fund.kz", twoFactor: false, StaffRoles.Staff);
        var target = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "privileged-target@fund.kz").Select(u => u.Id).SingleAsync());
        Task<Guid> PendingFor(string id) => site.WithDbAsync(db => db.PendingApprovals.Where(a => a.Target == id && a.Outcome == ApprovalOutcome.Pending).Select(a => a.Id).SingleAsync());

        Step[] steps =
        [
            new("invitation", admin, AuditAction.InvitedStaff, () => admin.PostAsync("/admin/staff/invite",
                new() { ["Email"] = "privileged-invitee@fund.kz", ["DisplayName"] = "Invitee", ["Language"] = "en", ["Roles"] = StaffRoles.Staff }, "/admin/staff")),
            new("grant of ComplianceOfficer asked", admin, AuditAction.RequestedApproval, () => admin.PostAsync($"/admin/staff/{target}/roles",
                new() { ["roles[0]"] = StaffRoles.Staff, ["roles[1]"] = StaffRoles.ComplianceOfficer }, "/admin/staff")),
            new("grant approved by a second administrator", second, AuditAction.ChangedStaffRoles, async () =>
                await second.PostAsync($"/admin/approvals/{await PendingFor(target)}/approve", [], "/admin/approvals")),
            new("role removal", admin, AuditAction.ChangedStaffRoles, () => admin.PostAsync($"/admin/staff/{target}/roles", new() { ["roles"] = StaffRoles.Staff }, "/admin/staff")),
            new("grant of Administrator asked", admin, AuditAction.RequestedApproval, () => admin.PostAsync($"/admin/staff/{target}/roles",
                new() { ["roles[0]"] = StaffRoles.Staff, ["roles[1]"] = StaffRoles.Administrator }, "/admin/staff")),
            new("grant rejected by a second administrator", second, AuditAction.RejectedRequest, async () =>
                await second.PostAsync($"/admin/approvals/{await PendingFor(target)}/reject", [], "/admin/approvals")),
            new("deactivation", admin, AuditAction.DeactivatedStaff, () => admin.PostAsync($"/admin/staff/{target}/active", new() { ["active"] = "false" }, "/admin/staff")),
            new("activation", admin, AuditAction.ActivatedStaff, () => admin.PostAsync($"/admin/staff/{target}/active", new() { ["active"] = "true" }, "/admin/staff")),
            new("policy draft created", officer, AuditAction.CreatedPolicyDraft, () => officer.PostAsync("/admin/policy/drafts", [], "/admin/policy")),
            new("policy draft edited", officer, AuditAction.EditedPolicyDraft, async () => await officer.PostAsync("/admin/policy/2", await DraftFieldsAsync(2), "/admin/policy/2")),
            new("policy published", officer, AuditAction.PublishedPolicy, () => officer.PostAsync("/admin/policy/2/publish", [], "/admin/policy/2/preview")),
            new("disclosure recorded", officer, AuditAction.RecordedDisclosure, () => officer.PostAsync("/admin/registers/disclosures", new()
            {
                ["Subject"] = registered.ToString(), ["Recipient"] = "Prosecutor's office of Astana", ["Law"] = "Law of the RK «On the Prosecutor's Office»", ["Article"] = "art. 6 p. 2", ["Categories"] = "Phone",
            }, "/admin/registers")),
            new("written consent recorded", officer, AuditAction.RecordedWrittenConsent, () => officer.PostAsync("/admin/registers/written-consent",
                new() { ["subject"] = registered.ToString(), ["document"] = "ВХ-2026/2001" }, "/admin/registers")),
            new("cross-border transfer recorded", officer, AuditAction.RecordedTransfer, () => officer.PostAsync("/admin/registers/transfers",
                new() { ["Subject"] = registered.ToString(), ["Country"] = "US", ["Recipient"] = "Hospital Inc.", ["Categories"] = "Names" }, "/admin/registers")),
            new("consent history exported", officer, AuditAction.ExportedConsentHistory, () => officer.Client.GetAsync("/admin/consents.csv")),
            new("audit log exported", officer, AuditAction.ExportedAuditLog, () => officer.Client.GetAsync("/admin/audit/audit.csv")),
            new("written consents exported", officer, AuditAction.ExportedConsentHistory, () => officer.Client.GetAsync("/admin/registers/written-consents.csv")),
            new("evidence pack downloaded", officer, AuditAction.ExportedEvidencePack, () => officer.Client.GetAsync($"/admin/subjects/{registered}/evidence.json?purpose=LegalObligation")),
            new("ledger verified", officer, AuditAction.VerifiedLedger, () => officer.PostAsync("/admin/ledger", [], "/admin/ledger")),
            new("depersonalization", admin, AuditAction.DepersonalizedSubject, () => admin.PostAsync($"/admin/subjects/{depersonalized}/Depersonalize",
                new() { ["reason"] = "Purpose achieved." }, $"/admin/subjects/{depersonalized}/Depersonalize")),
            new("destruction asked", officer, AuditAction.RequestedApproval, () => officer.PostAsync($"/admin/subjects/{destroyed}/Destroy",
                new() { ["reason"] = "Retention period ended." }, $"/admin/subjects/{destroyed}/Destroy")),
            new("destruction approved by a second staff member", admin, AuditAction.DestroyedSubject, async () =>
                await admin.PostAsync($"/admin/approvals/{await PendingFor(destroyed.ToString())}/approve", [], "/admin/approvals")),
        ];

        var audited = 0;
        var missing = new List<string>();
        foreach (var step in steps)
        {
            var before = await CountAsync(step.Actor, step.Expected);
            var response = await step.Act();
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{step.Name}: {(int)response.StatusCode}");
            if (await CountAsync(step.Actor, step.Expected) > before)
            {
                audited++;
            }
            else
            {
                missing.Add(step.Name);
            }
        }

        output.WriteLine($"{steps.Length} privileged actions, {audited} audited");
        Assert.Empty(missing);
        Assert.Equal(steps.Length, audited);

        var details = await site.WithDbAsync(db => db.AuditLog.AsNoTracking().Select(e => e.Details ?? string.Empty).ToListAsync());
        foreach (var personal in new[] { "privileged-", "@example.kz", "@fund.kz", "Тізімдегі", "Иесізделетін", "Жойылатын", "Invitee" })
        {
            Assert.DoesNotContain(details, d => d.Contains(personal, StringComparison.OrdinalIgnoreCase));
        }
    }

    private Task<int> CountAsync(SignedInStaff actor, AuditAction action) =>
        site.WithDbAsync(db => db.AuditLog.CountAsync(e => e.StaffUserId == actor.Id && e.Action == action));

    private async Task<Dictionary<string, string>> DraftFieldsAsync(int number)
    {
        var form = await site.WithDbAsync(async db => DraftForm.From(await db.PolicyVersions.Include(v => v.Texts).SingleAsync(v => v.Number == number)));
        var fields = new Dictionary<string, string> { ["EffectiveFrom"] = form.EffectiveFrom!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var language in SiteLanguages.All)
        {
            fields[$"Markdown[{language}]"] = form.Markdown[language];
            fields[$"OptOut[{language}]"] = form.OptOut[language];
            fields[$"Update[{language}]"] = form.Update[language];
            fields[$"Withdraw[{language}]"] = form.Withdraw[language];
        }

        return fields;
    }
}
