using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Approvals;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;

namespace PersonalDataPolicy.Web.Features.Admin.Staff;

public enum RolesOutcome
{
    Saved,

    /// <summary>Part or all of the change is an Administrator or ComplianceOfficer grant, which waits for a second staff member.</summary>
    AwaitingApproval,

    /// <summary>Nobody changes their own roles: refused, nothing changed.</summary>
    OwnRoles,
}

/// <summary>
/// An administrator sets another staff member's roles. Removals and the Staff role apply at once; Administrator and
/// ComplianceOfficer become pending approvals (four eyes). Everything is written to the audit log in the same commit.
/// </summary>
public sealed class ChangeRolesHandler(UserManager<StaffUser> users, AppDbContext db, AuditTrail audit, TimeProvider clock)
{
    public async Task<RolesOutcome> HandleAsync(StaffUser member, IReadOnlyCollection<string> wanted, string actorId, CancellationToken cancellationToken)
    {
        if (member.Id == actorId)
        {
            return RolesOutcome.OwnRoles;
        }

        var current = await users.GetRolesAsync(member);
        var removed = current.Except(wanted).ToList();
        var added = wanted.Except(current).ToList();
        var atOnce = added.Where(r => !StaffRoles.RequireSecondApproval.Contains(r)).ToList();
        var alreadyAsked = await PendingGrantsAsync(db, member.Id, cancellationToken);
        var asked = added.Where(StaffRoles.RequireSecondApproval.Contains).Where(r => !alreadyAsked.Contains(r)).ToList();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (removed.Count + atOnce.Count > 0)
        {
            StaffChanges.Ensure(await users.RemoveFromRolesAsync(member, removed));
            StaffChanges.Ensure(await users.AddToRolesAsync(member, atOnce));

            // A new security stamp makes the person's open sessions pick up the new roles at their next check.
            StaffChanges.Ensure(await users.UpdateSecurityStampAsync(member));
            audit.Record(AuditAction.ChangedStaffRoles, null, details: $"staff {member.Id}: {StaffChanges.Describe(atOnce, removed)}");
        }

        StaffChanges.AskForGrants(db, audit, member.Id, asked, actorId, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return asked.Count > 0 || added.Any(alreadyAsked.Contains) ? RolesOutcome.AwaitingApproval : RolesOutcome.Saved;
    }

    internal static async Task<List<string>> PendingGrantsAsync(AppDbContext db, string staffUserId, CancellationToken cancellationToken) =>
        await db.PendingApprovals.AsNoTracking()
            .Where(a => a.Kind == ApprovalKind.GrantRole && a.Target == staffUserId && a.Outcome == ApprovalOutcome.Pending)
            .Select(a => a.Role!).ToListAsync(cancellationToken);
}

/// <summary>What the staff use cases share: Identity results, the audit wording of a role change, asking for a grant.</summary>
internal static class StaffChanges
{
    public static void Ensure(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Identity refused the change: " + string.Join(", ", result.Errors.Select(e => e.Code)));
        }
    }

    public static string Describe(IEnumerable<string> added, IEnumerable<string> removed) =>
        string.Join(' ', added.Select(r => "+" + r).Concat(removed.Select(r => "-" + r)));

    public static void AskForGrants(AppDbContext db, AuditTrail audit, string staffUserId, IEnumerable<string> roles, string actorId, DateTimeOffset now)
    {
        foreach (var role in roles)
        {
            var approval = PendingApproval.GrantRole(staffUserId, role, actorId, now);
            db.PendingApprovals.Add(approval);
            audit.Record(AuditAction.RequestedApproval, null, details: $"approval {approval.Id}: {approval.Kind} {role} to staff {staffUserId}");
        }
    }
}
