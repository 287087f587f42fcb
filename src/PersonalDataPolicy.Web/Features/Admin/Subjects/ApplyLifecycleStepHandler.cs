using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Approvals;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Erasure;
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

/// <summary>What staff decided on the confirmation page: the typed reason (block, unblock, destroy) and the legal ground (depersonalize, destroy).</summary>
public sealed record LifecycleDecision(LifecycleStep Step, string? Reason, ErasureGround? Ground, AccessPurpose Purpose, string ActorId);

/// <summary>
/// Block, unblock or depersonalize a record at once, with the audit line in the same commit under the purpose the record was
/// opened for. Free text goes to the encrypted block history or approval, never to the audit log, so it can be erased with the
/// person. Destruction is irrevocable, so it only becomes a request that a different administrator or compliance officer
/// approves (four eyes).
/// </summary>
public sealed class ApplyLifecycleStepHandler(AppDbContext db, PersonalDataLifecycle lifecycle, AuditTrail audit, TimeProvider clock)
{
    public async Task<LifecycleOutcome> HandleAsync(Guid id, LifecycleDecision decision, CancellationToken cancellationToken)
    {
        var subject = await db.DataSubjects.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subject is null)
        {
            return LifecycleOutcome.NotFound;
        }

        if (!Allowed(decision.Step, subject))
        {
            return LifecycleOutcome.NotAllowed;
        }

        var now = clock.GetUtcNow();
        if (decision.Step == LifecycleStep.Destroy)
        {
            var target = id.ToString("D");
            if (await db.PendingApprovals.AnyAsync(a => a.Kind == ApprovalKind.DestroySubject && a.Target == target && a.Outcome == ApprovalOutcome.Pending, cancellationToken))
            {
                return LifecycleOutcome.AlreadyAwaitingApproval;
            }

            var approval = PendingApproval.DestroySubject(id, decision.ActorId, decision.Reason!, decision.Ground!.Value, decision.Purpose, now);
            db.PendingApprovals.Add(approval);
            audit.Record(AuditAction.RequestedApproval, id, decision.Purpose, $"approval {approval.Id}: {approval.Kind}, {approval.Ground}");
            await db.SaveChangesAsync(cancellationToken);
            return LifecycleOutcome.AwaitingApproval;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        switch (decision.Step)
        {
            case LifecycleStep.Block:
                var blocked = await lifecycle.BlockAsync(id, BlockReason.StaffDecision, now, null, decision.ActorId, decision.Purpose, decision.Reason, cancellationToken);
                audit.Record(AuditAction.BlockedSubject, id, decision.Purpose, $"block {blocked.Id}");
                break;
            case LifecycleStep.Unblock:
                var unblocked = await lifecycle.UnblockAsync(id, now, decision.ActorId, decision.Purpose, decision.Reason, cancellationToken);
                audit.Record(AuditAction.UnblockedSubject, id, decision.Purpose, $"unblock {unblocked.Id}");
                break;
            default:
                var certificate = await lifecycle.DepersonalizeAsync(id, new ErasureDecision(decision.Ground!.Value, decision.ActorId), now, cancellationToken);
                audit.Record(AuditAction.DepersonalizedSubject, id, decision.Purpose, $"certificate {certificate.Id}: {certificate.Ground}");
                break;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (decision.Step == LifecycleStep.Depersonalize)
        {
            await db.ForgetFreedPagesAsync(cancellationToken);
        }

        return LifecycleOutcome.Done;
    }

    public static bool Allowed(LifecycleStep step, DataSubject subject) => step switch
    {
        LifecycleStep.Block => subject.IsActive,
        // Law 94-V art. 8: after a withdrawal there is nothing to process; the record waits, blocked, for its destruction.
        LifecycleStep.Unblock => subject.Status == SubjectStatus.Blocked && !subject.IsWithdrawn,
        _ => subject.HoldsPersonalData,
    };

    /// <summary>Block and unblock need a typed reason; depersonalization a ground; destruction both (the approver reads the reason).</summary>
    public static bool NeedsReason(LifecycleStep step) => step != LifecycleStep.Depersonalize;

    public static bool NeedsGround(LifecycleStep step) => step is LifecycleStep.Depersonalize or LifecycleStep.Destroy;

    /// <summary>Staff choose among the grounds of the law; the schedule's own ground is not theirs to choose.</summary>
    public static IEnumerable<ErasureGround> StaffGrounds => Enum.GetValues<ErasureGround>().Where(g => g != ErasureGround.UnconfirmedSenderExpired);
}
