using Microsoft.AspNetCore.Identity;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Web.Features.Mail;
using PersonalDataPolicy.Web.Features.Operator;

namespace PersonalDataPolicy.Web.Features.Admin.Staff;

/// <summary>
/// An administrator invites a staff member by e-mail. The Staff role is given at once; Administrator and ComplianceOfficer
/// wait for a second staff member's approval, so an invitation is no way around four eyes. One commit with the audit log.
/// </summary>
public sealed class InviteStaffHandler(UserManager<StaffUser> users, AppDbContext db, Outbox outbox, MailComposer mails, PublicLinks links, AuditTrail audit, TimeProvider clock)
{
    public async Task HandleAsync(string email, string displayName, string language, IReadOnlyCollection<string> roles, string actorId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, PreferredLanguage = language, CreatedAt = now };
        var atOnce = roles.Where(r => !StaffRoles.RequireSecondApproval.Contains(r)).ToList();
        var asked = roles.Where(StaffRoles.RequireSecondApproval.Contains).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        StaffChanges.Ensure(await users.CreateAsync(user));
        StaffChanges.Ensure(await users.AddToRolesAsync(user, atOnce));
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = links.Action("SetPassword", "Account", new { user = user.Id, token });
        outbox.To(null, email, MailKind.Notification, mails.StaffInvitation(language, link));
        audit.Record(AuditAction.InvitedStaff, null, details: $"staff {user.Id}: {StaffChanges.Describe(atOnce, [])}".TrimEnd(' ', ':'));
        StaffChanges.AskForGrants(db, audit, user.Id, asked, actorId, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
