using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Approvals;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
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
            audit.Record(AuditAction.RejectedRequest, approval.SubjectId, approval.SubjectId is null ? null : AccessPurpose.LegalObligation, what);
        }
        else if (!await CarryOutAsync(approval, now, cancellationToken))
        {
            return DecisionOutcome.NoLongerPossible;
        }
        else
        {
            approval.Approve(deciderId, now);
            audit.Record(AuditAction.ApprovedRequest, approval.SubjectId, approval.SubjectId is null ? null : AccessPurpose.LegalObligation, what);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return approve ? DecisionOutcome.Approved : DecisionOutcome.Rejected;
    }

    private async Task<bool> CarryOutAsync(PendingApproval approval, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (approval.SubjectId is { } subjectId)
        {
            var subject = await db.DataSubjects.AsNoTracking().SingleOrDefaultAsync(s => s.Id == subjectId, cancellationToken);
            if (subject is not { HoldsPersonalData: true })
            {
                return false;
            }

            await lifecycle.DestroyAsync(subjectId, now, cancellationToken);
            audit.Record(AuditAction.DestroyedSubject, subjectId, AccessPurpose.LegalObligation, approval.Reason);
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
