using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Approvals;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Web.Features.Admin.Subjects;

public enum LifecycleOutcome
{
    Done,

    /// <summary>A destruction: asked for, it waits for a second staff member's approval.</summary>
    AwaitingApproval,

    /// <summary>A destruction of this record is already waiting; nothing new is asked for.</summary>
    AlreadyAwaitingApproval,
    NotFound,
    NotAllowed,
}

/// <summary>
/// Block, unblock or depersonalize a record at once, with the reason in the audit log in the same commit. Destruction is
/// irrevocable, so it only becomes a request that a different administrator or compliance officer approves (four eyes).
/// </summary>
public sealed class ApplyLifecycleStepHandler(AppDbContext db, PersonalDataLifecycle lifecycle, AuditTrail audit, TimeProvider clock)
{
    public async Task<LifecycleOutcome> HandleAsync(Guid id, LifecycleStep step, string reason, string actorId, CancellationToken cancellationToken)
    {
        var subject = await db.DataSubjects.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subject is null)
        {
            return LifecycleOutcome.NotFound;
        }

        if (!Allowed(step, subject))
        {
            return LifecycleOutcome.NotAllowed;
        }

        var now = clock.GetUtcNow();
        if (step == LifecycleStep.Destroy)
        {
            var target = id.ToString("D");
            if (await db.PendingApprovals.AnyAsync(a => a.Kind == ApprovalKind.DestroySubject && a.Target == target && a.Outcome == ApprovalOutcome.Pending, cancellationToken))
            {
                return LifecycleOutcome.AlreadyAwaitingApproval;
            }

            var approval = PendingApproval.DestroySubject(id, actorId, reason, now);
            db.PendingApprovals.Add(approval);
            audit.Record(AuditAction.RequestedApproval, id, AccessPurpose.LegalObligation, $"approval {approval.Id}: {approval.Kind}");
            await db.SaveChangesAsync(cancellationToken);
            return LifecycleOutcome.AwaitingApproval;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        AuditAction done;
        switch (step)
        {
            case LifecycleStep.Block:
                await lifecycle.BlockAsync(id, BlockReason.StaffDecision, now, null, cancellationToken);
                done = AuditAction.BlockedSubject;
                break;
            case LifecycleStep.Unblock:
                await lifecycle.UnblockAsync(id, now, cancellationToken);
                done = AuditAction.UnblockedSubject;
                break;
            default:
                await lifecycle.DepersonalizeAsync(id, now, cancellationToken);
                done = AuditAction.DepersonalizedSubject;
                break;
        }

        audit.Record(done, id, AccessPurpose.LegalObligation, reason);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return LifecycleOutcome.Done;
    }

    public static bool Allowed(LifecycleStep step, DataSubject subject) => step switch
    {
        LifecycleStep.Block => subject.IsActive,
        // Law 94-V art. 8: after a withdrawal there is nothing to process; the record waits, blocked, for its destruction.
        LifecycleStep.Unblock => subject.Status == SubjectStatus.Blocked && !subject.IsWithdrawn,
        _ => subject.HoldsPersonalData,
    };
}
