using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PersonalDataPolicy.Approvals;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Web.Features.Shared;

namespace PersonalDataPolicy.Web.Features.Admin.Staff;

/// <summary>Administrators invite staff by e-mail, assign other staff members' roles and deactivate accounts; every change is audited.</summary>
[Route("admin/staff")]
[Authorize(Policy = StaffAccounts.Administrators)]
public sealed class StaffController(UserManager<StaffUser> users, AppDbContext db, AuditTrail audit, IStringLocalizer<SharedResource> t)
    : AdminController
{
    [HttpGet("")]
    public async Task<IActionResult> Index() => View(await ListAsync(new InviteForm()));

    [HttpPost("invite")]
    public async Task<IActionResult> Invite(InviteForm form, [FromServices] InviteStaffHandler invite, CancellationToken cancellationToken)
    {
        if (!ContactRules.BeAnEmailAddress(form.Email))
        {
            ModelState.AddModelError(nameof(form.Email), t["Validation_Email"]);
        }

        if (string.IsNullOrWhiteSpace(form.DisplayName) || form.DisplayName.Length > 100)
        {
            ModelState.AddModelError(nameof(form.DisplayName), t["Validation_Required", t["Admin_DisplayName"]]);
        }

        var roles = (form.Roles ?? []).Where(StaffRoles.All.Contains).Distinct().ToList();
        if (roles.Count == 0)
        {
            ModelState.AddModelError(nameof(form.Roles), t["Admin_ChooseRole"]);
        }

        if (ModelState.ErrorCount == 0 && await users.FindByEmailAsync(form.Email!.Trim()) is not null)
        {
            ModelState.AddModelError(nameof(form.Email), t["Admin_StaffExists"]);
        }

        if (ModelState.ErrorCount > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Index), await ListAsync(form));
        }

        var language = SiteLanguages.IsSupported(form.Language) ? form.Language! : SiteLanguages.Default;
        await invite.HandleAsync(form.Email!.Trim(), form.DisplayName!.Trim(), language, roles, users.GetUserId(User)!, cancellationToken);
        TempData["AdminNotice"] = roles.Any(StaffRoles.RequireSecondApproval.Contains) ? "Admin_InvitedAwaitApproval" : "Admin_Invited";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{id}/roles")]
    public async Task<IActionResult> Roles(string id, string[]? roles, [FromServices] ChangeRolesHandler handler, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }

        var wanted = (roles ?? []).Where(StaffRoles.All.Contains).ToHashSet();
        switch (await handler.HandleAsync(user, wanted, users.GetUserId(User)!, cancellationToken))
        {
            case RolesOutcome.OwnRoles:
                // Nobody raises or lowers their own access; another administrator does, and grants need a second approval.
                Response.StatusCode = StatusCodes.Status403Forbidden;
                var model = await ListAsync(new InviteForm());
                return View(nameof(Index), model with { ErrorKey = "Admin_CannotChangeOwnRoles" });
            case RolesOutcome.AwaitingApproval:
                TempData["AdminNotice"] = "Admin_RolesAwaitApproval";
                break;
            default:
                TempData["AdminNotice"] = "Admin_RolesSaved";
                break;
        }

        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{id}/active")]
    public async Task<IActionResult> Active(string id, bool active)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }

        if (user.Id == users.GetUserId(User))
        {
            TempData["AdminNotice"] = "Admin_CannotDeactivateSelf";
            return RedirectToAction(nameof(Index));
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        user.IsActive = active;
        StaffChanges.Ensure(await users.UpdateAsync(user));

        // A new security stamp ends the person's open sessions at their next request check.
        await users.UpdateSecurityStampAsync(user);
        audit.Record(active ? AuditAction.ActivatedStaff : AuditAction.DeactivatedStaff, null, details: $"staff {user.Id}");
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        TempData["AdminNotice"] = active ? "Admin_Activated" : "Admin_Deactivated";
        return RedirectToAction(nameof(Index));
    }

    private async Task<StaffListViewModel> ListAsync(InviteForm form)
    {
        var staff = await users.Users.AsNoTracking().OrderBy(u => u.DisplayName).ToListAsync();
        var roles = new Dictionary<string, IList<string>>();
        foreach (var member in staff)
        {
            roles[member.Id] = await users.GetRolesAsync(member);
        }

        var pending = await db.PendingApprovals.AsNoTracking()
            .Where(a => a.Kind == ApprovalKind.GrantRole && a.Outcome == ApprovalOutcome.Pending)
            .Select(a => new { a.Target, a.Role }).ToListAsync();
        return new StaffListViewModel(staff, roles, form, users.GetUserId(User)!, pending.ToLookup(p => p.Target, p => p.Role!));
    }
}

public sealed class InviteForm
{
    public string? Email { get; set; }
    public string? DisplayName { get; set; }
    public string? Language { get; set; }
    public string[]? Roles { get; set; }
}

public sealed record StaffListViewModel(
    IReadOnlyList<StaffUser> Staff, IReadOnlyDictionary<string, IList<string>> Roles, InviteForm Invite, string CurrentUserId, ILookup<string, string> PendingGrants)
{
    public string? ErrorKey { get; init; }
}
