using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Approvals;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Erasure;
using PersonalDataPolicy.Web.Features.Admin.Staff;

namespace PersonalDataPolicy.Web.Features.Admin.Approvals;

public enum DecisionOutcome
{
    Approved,
    Rejected,
    NotFound,

    /// <summary>The requester (or the person a role is for) cannot decide: four eyes means someone else.</summary>
    NotYours,
    AlreadyDecided,

    /// <summary>What was asked for cannot happen any more (the record holds no personal data, the account is gone or inactive): still pending.</summary>
    NoLongerPossible,
}

/// <summary>
/// A second administrator or compliance officer approves (and so carries out) or rejects a pending grant or destruction.
/// The decision, and on approval the change itself, go into the audit log in the same commit.
/// </summary>
public sealed class DecideApprovalHandler(AppDbContext db, UserManager<StaffUser> users, PersonalDataLifecycle lifecycle, AuditTrail audit, TimeProvider clock)
{
    public async Task<DecisionOutcome> HandleAsync(Guid approvalId, bool approve, string deciderId, CancellationToken cancellationToken)
    {
        var approval = await db.PendingApprovals.SingleOrDefaultAsync(a => a.Id == approvalId, cancellationToken);
        if (approval is null)
        {
            return DecisionOutcome.NotFound;
        }

        if (approval.Outcome != ApprovalOutcome.Pending)
        {
            return DecisionOutcome.AlreadyDecided;
        }

        if (!approval.MayBeDecidedBy(deciderId))
        {
            return DecisionOutcome.NotYours;
        }

        var now = clock.GetUtcNow();
        var what = $"approval {approval.Id}: {approval.Kind}{(approval.Role is { } r ? " " + r : string.Empty)} asked by staff {approval.RequestedBy}";
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!approve)
        {
            approval.Reject(deciderId, now);
            audit.Record(AuditAction.RejectedRequest, approval.SubjectId, PurposeOf(approval), what);
        }
        else if (!await CarryOutAsync(approval, deciderId, now, cancellationToken))
        {
            return DecisionOutcome.NoLongerPossible;
        }
        else
        {
            approval.Approve(deciderId, now);
            audit.Record(AuditAction.ApprovedRequest, approval.SubjectId, PurposeOf(approval), what);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (approve && approval.SubjectId is not null)
        {
            await db.ForgetFreedPagesAsync(cancellationToken);
        }

        return approve ? DecisionOutcome.Approved : DecisionOutcome.Rejected;
    }

    /// <summary>A destruction is audited under the purpose its requester opened the record for.</summary>
    private static AccessPurpose? PurposeOf(PendingApproval approval) =>
        approval.SubjectId is null ? null : approval.Purpose ?? AccessPurpose.LegalObligation;

    private async Task<bool> CarryOutAsync(PendingApproval approval, string deciderId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (approval.SubjectId is { } subjectId)
        {
            var subject = await db.DataSubjects.AsNoTracking().SingleOrDefaultAsync(s => s.Id == subjectId, cancellationToken);

            // An approval asked for before grounds were recorded has none to put on the certificate: it is asked for again.
            if (subject is not { HoldsPersonalData: true } || approval.Ground is not { } ground)
            {
                return false;
            }

            var certificate = await lifecycle.DestroyAsync(subjectId,
                new ErasureDecision(ground, deciderId, approval.Id, approval.RequestedBy, approval.RequestedAt), now, cancellationToken);
            audit.Record(AuditAction.DestroyedSubject, subjectId, PurposeOf(approval), $"certificate {certificate.Id}: {ground}");
            return true;
        }

        var member = await users.FindByIdAsync(approval.Target);
        if (member is not { IsActive: true })
        {
            return false;
        }

        // No new security stamp: it would void an invitation link not yet used, and open sessions pick up an added role
        // at their next security-stamp check anyway.
        if (!await users.IsInRoleAsync(member, approval.Role!))
        {
            StaffChanges.Ensure(await users.AddToRoleAsync(member, approval.Role!));
        }

        audit.Record(AuditAction.ChangedStaffRoles, null, details: $"staff {member.Id}: {StaffChanges.Describe([approval.Role!], [])}");
        return true;
    }
}
