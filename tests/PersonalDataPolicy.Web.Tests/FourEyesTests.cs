using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Approvals;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Erasure;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// Four eyes: nobody changes their own roles; the Administrator and ComplianceOfficer roles and every destruction happen only
/// when a second administrator or compliance officer approves; a rejection changes nothing; all of it is in the audit log.
/// </summary>
public sealed class FourEyesTests(SiteFactory site, ITestOutputHelper output) : IClassFixture<SiteFactory>
{
    private async Task<IList<string>> RolesOfAsync(string email)
    {
        await using var scope = site.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        return await users.GetRolesAsync((await users.FindByEmailAsync(email))!);
    }

    private Task<PendingApproval> ApprovalForAsync(string target) =>
        site.WithDbAsync(db => db.PendingApprovals.AsNoTracking().Where(a => a.Target == target).OrderByDescending(a => a.RequestedAt).FirstAsync());

    private Task<List<AuditEntry>> AuditOfAsync(string staffId, AuditAction action) =>
        site.WithDbAsync(db => db.AuditLog.AsNoTracking().Where(e => e.StaffUserId == staffId && e.Action == action).ToListAsync());

    [Fact]
    public async Task An_administrator_cannot_change_their_own_roles()
    {
        var admin = await SignedInStaff.CreateAsync(site, "self-granter@fund.kz", StaffRoles.Administrator);

        var refused = await admin.PostAsync($"/admin/staff/{admin.Id}/roles",
            new() { ["roles[0]"] = StaffRoles.Administrator, ["roles[1]"] = StaffRoles.ComplianceOfficer }, "/admin/staff");
        var dropped = await admin.PostAsync($"/admin/staff/{admin.Id}/roles", new() { ["roles"] = StaffRoles.Staff }, "/admin/staff");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("You cannot change your own roles.", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, dropped.StatusCode);
        Assert.Equal([StaffRoles.Administrator], await RolesOfAsync(admin.Email));
        Assert.Equal(0, await site.WithDbAsync(db => db.PendingApprovals.CountAsync(a => a.Target == admin.Id)));
    }

    [Fact]
    public async Task A_compliance_officer_grant_waits_until_a_second_administrator_approves_and_the_requester_cannot_approve_it()
    {
        var first = await SignedInStaff.CreateAsync(site, "grant-first@fund.kz", StaffRoles.Administrator);
        var second = await SignedInStaff.CreateAsync(site, "grant-second@fund.kz", StaffRoles.Administrator);
        await StaffJourney.CreateStaffAsync(site, "grant-target@fund.kz", twoFactor: false, StaffRoles.Staff);
        var targetId = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "grant-target@fund.kz").Select(u => u.Id).SingleAsync());

        var asked = await first.PostAsync($"/admin/staff/{targetId}/roles",
            new() { ["roles[0]"] = StaffRoles.Staff, ["roles[1]"] = StaffRoles.ComplianceOfficer }, "/admin/staff");
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Equal([StaffRoles.Staff], await RolesOfAsync("grant-target@fund.kz"));
        var approval = await ApprovalForAsync(targetId);
        Assert.Equal((ApprovalKind.GrantRole, StaffRoles.ComplianceOfficer, ApprovalOutcome.Pending, first.Id), (approval.Kind, approval.Role, approval.Outcome, approval.RequestedBy));

        var own = await first.PostAsync($"/admin/approvals/{approval.Id}/approve", [], "/admin/approvals");
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Equal([StaffRoles.Staff], await RolesOfAsync("grant-target@fund.kz"));
        Assert.Contains("Awaiting a second staff member", await second.Client.GetStringAsync("/admin/approvals"));

        var approved = await second.PostAsync($"/admin/approvals/{approval.Id}/approve", [], "/admin/approvals");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal([StaffRoles.ComplianceOfficer, StaffRoles.Staff], (await RolesOfAsync("grant-target@fund.kz")).Order());
        var decided = await ApprovalForAsync(targetId);
        Assert.Equal((ApprovalOutcome.Approved, second.Id), (decided.Outcome, decided.DecidedBy));

        var requested = Assert.Single(await AuditOfAsync(first.Id, AuditAction.RequestedApproval));
        Assert.Contains(approval.Id.ToString(), requested.Details);
        Assert.Single(await AuditOfAsync(second.Id, AuditAction.ApprovedRequest));
        var granted = Assert.Single(await AuditOfAsync(second.Id, AuditAction.ChangedStaffRoles));
        Assert.Equal($"staff {targetId}: +ComplianceOfficer", granted.Details);
        Assert.Empty(await AuditOfAsync(first.Id, AuditAction.ChangedStaffRoles));
    }

    [Fact]
    public async Task The_person_a_role_is_for_cannot_approve_it_and_a_rejected_grant_changes_nothing()
    {
        var admin = await SignedInStaff.CreateAsync(site, "reject-admin@fund.kz", StaffRoles.Administrator);
        var officer = await SignedInStaff.CreateAsync(site, "reject-officer@fund.kz", StaffRoles.ComplianceOfficer);
        var other = await SignedInStaff.CreateAsync(site, "reject-other@fund.kz", StaffRoles.ComplianceOfficer);

        await admin.PostAsync($"/admin/staff/{officer.Id}/roles",
            new() { ["roles[0]"] = StaffRoles.ComplianceOfficer, ["roles[1]"] = StaffRoles.Administrator }, "/admin/staff");
        var approval = await ApprovalForAsync(officer.Id);
        var byReceiver = await officer.PostAsync($"/admin/approvals/{approval.Id}/approve", [], "/admin/approvals");
        var rejected = await other.PostAsync($"/admin/approvals/{approval.Id}/reject", [], "/admin/approvals");
        var late = await admin.PostAsync($"/admin/approvals/{approval.Id}/approve", [], "/admin/approvals");

        Assert.Equal(HttpStatusCode.Forbidden, byReceiver.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal([StaffRoles.ComplianceOfficer], await RolesOfAsync(officer.Email));
        Assert.Equal((ApprovalOutcome.Rejected, other.Id), ((await ApprovalForAsync(officer.Id)).Outcome, (await ApprovalForAsync(officer.Id)).DecidedBy));
        Assert.Single(await AuditOfAsync(other.Id, AuditAction.RejectedRequest));
        Assert.Empty(await AuditOfAsync(other.Id, AuditAction.ChangedStaffRoles));
    }

    [Fact]
    public async Task A_destruction_waits_for_a_second_administrator_or_compliance_officer_and_a_rejection_leaves_the_record()
    {
        await MyDataJourney.SubmitAppealAsync(site, "four-eyes-destroy@example.kz", lastName: "Екікөзова");
        await MyDataJourney.SubmitAppealAsync(site, "four-eyes-keep@example.kz", lastName: "Сақталатынова");
        var doomed = (await site.SubjectWithEmailAsync("four-eyes-destroy@example.kz"))!.Id;
        var kept = (await site.SubjectWithEmailAsync("four-eyes-keep@example.kz"))!.Id;
        var officer = await SignedInStaff.CreateAsync(site, "destroy-officer@fund.kz", StaffRoles.ComplianceOfficer);
        var admin = await SignedInStaff.CreateAsync(site, "destroy-admin@fund.kz", StaffRoles.Administrator);

        Dictionary<string, string> court = new() { ["reason"] = "Court decision No. 2-456/2026 about Екікөзова.", ["ground"] = "CourtDecision", ["purpose"] = "AnsweringRequest" };
        var asked = await officer.PostAsync($"/admin/subjects/{doomed}/Destroy", court, $"/admin/subjects/{doomed}/Destroy");
        var again = await officer.PostAsync($"/admin/subjects/{doomed}/Destroy", court, $"/admin/subjects/{doomed}/Destroy");
        var record = await officer.Client.GetStringAsync(again.Headers.Location!.OriginalString);
        Assert.Contains("already awaiting approval", record);
        Assert.DoesNotContain($"/admin/subjects/{doomed}/Destroy?", record);
        await officer.PostAsync($"/admin/subjects/{kept}/Destroy", new() { ["reason"] = "Asked by mistake.", ["ground"] = "SubjectDemand", ["purpose"] = "AnsweringRequest" }, $"/admin/subjects/{kept}/Destroy");

        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Equal(1, await site.WithDbAsync(db => db.PendingApprovals.CountAsync(a => a.Target == doomed.ToString())));
        var before = await site.WithDbAsync(db => db.DataSubjects.SingleAsync(s => s.Id == doomed));
        Assert.Equal((SubjectStatus.Active, "Екікөзова"), (before.Status, before.LastName));
        Assert.Equal(1, await site.WithDbAsync(db => db.Appeals.CountAsync(a => a.SubjectId == doomed)));

        var toDestroy = await ApprovalForAsync(doomed.ToString());
        var toKeep = await ApprovalForAsync(kept.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsync($"/admin/approvals/{toDestroy.Id}/approve", [], "/admin/approvals")).StatusCode);
        Assert.Equal(SubjectStatus.Active, (await site.WithDbAsync(db => db.DataSubjects.SingleAsync(s => s.Id == doomed))).Status);

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync($"/admin/approvals/{toDestroy.Id}/approve", [], "/admin/approvals")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync($"/admin/approvals/{toKeep.Id}/reject", [], "/admin/approvals")).StatusCode);

        var after = await site.WithDbAsync(db => db.DataSubjects.SingleAsync(s => s.Id == doomed));
        Assert.Equal((SubjectStatus.Destroyed, string.Empty), (after.Status, after.LastName));
        Assert.Equal(0, await site.WithDbAsync(db => db.Appeals.CountAsync(a => a.SubjectId == doomed)));
        var untouched = await site.WithDbAsync(db => db.DataSubjects.SingleAsync(s => s.Id == kept));
        Assert.Equal((SubjectStatus.Active, "Сақталатынова"), (untouched.Status, untouched.LastName));
        Assert.Equal(1, await site.WithDbAsync(db => db.Appeals.CountAsync(a => a.SubjectId == kept)));

        var log = await site.WithDbAsync(db => db.AuditLog.AsNoTracking().Where(e => e.SubjectId == doomed || e.SubjectId == kept).ToListAsync());
        string[] trail = [.. log.OrderBy(e => e.At).Select(e => $"{(e.StaffUserId == officer.Id ? "officer" : "admin")} {e.Action} {(e.SubjectId == doomed ? "doomed" : "kept")}")];
        Assert.Contains("officer RequestedApproval doomed", trail);
        Assert.Contains("officer RequestedApproval kept", trail);
        Assert.Contains("admin DestroyedSubject doomed", trail);
        Assert.Contains("admin ApprovedRequest doomed", trail);
        Assert.Contains("admin RejectedRequest kept", trail);
        Assert.DoesNotContain("admin DestroyedSubject kept", trail);
        // The destruction is audited under the purpose the requester opened the record for; the act, not the typed reason, is the detail.
        var destroyedEntry = log.Single(e => e.Action == AuditAction.DestroyedSubject);
        var certificate = await site.WithDbAsync(db => db.ErasureCertificates.SingleAsync(c => c.SubjectId == doomed));
        Assert.Equal((AccessPurpose.AnsweringRequest, $"certificate {certificate.Id}: CourtDecision"), (destroyedEntry.Purpose, destroyedEntry.Details));
        Assert.Equal((ErasureGround.CourtDecision, admin.Id, officer.Id, toDestroy.Id), (certificate.Ground, certificate.PerformedBy, certificate.RequestedBy, certificate.ApprovalId));
        Assert.Null((await ApprovalForAsync(doomed.ToString())).Reason);
        Assert.Equal("Asked by mistake.", (await ApprovalForAsync(kept.ToString())).Reason);
        Assert.All(log, e => Assert.DoesNotContain("Екікөзова", e.Details ?? string.Empty, StringComparison.Ordinal));

        // The act is on the record and printable, with the ground and both staff members, and without the person.
        var tombstone = await officer.Client.GetStringAsync($"/admin/subjects/{doomed}?purpose=ComplianceReview");
        Assert.Contains($"/admin/certificates/{certificate.Id}", tombstone);
        var act = await officer.Client.GetStringAsync($"/admin/certificates/{certificate.Id}");
        Assert.Contains(certificate.Number, act);
        Assert.Contains("Court decision in force", act);
        Assert.Contains("destroy-officer", act, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Екікөзова", act, StringComparison.Ordinal);
        Assert.DoesNotContain("four-eyes-destroy", act, StringComparison.Ordinal);
        Assert.Contains(certificate.Number, await officer.Client.GetStringAsync("/admin/certificates"));
        output.WriteLine($"destruction: requested by one, data present until a second approved ({before.Status} -> {after.Status}); rejected request left the record {untouched.Status}; {trail.Length} audit rows");
    }
}
