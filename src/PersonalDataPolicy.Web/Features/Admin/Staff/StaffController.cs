using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Web.Features.Mail;
using PersonalDataPolicy.Web.Features.Shared;

namespace PersonalDataPolicy.Web.Features.Admin.Staff;

/// <summary>Administrators invite staff by e-mail, assign roles and deactivate accounts.</summary>
[Route("admin/staff")]
[Authorize(Policy = StaffAccounts.Administrators)]
public sealed class StaffController(UserManager<StaffUser> users, AppDbContext db, Outbox outbox, MailComposer mails, IStringLocalizer<SharedResource> t, TimeProvider clock)
    : AdminController
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var staff = await users.Users.AsNoTracking().OrderBy(u => u.DisplayName).ToListAsync();
        var roles = new Dictionary<string, IList<string>>();
        foreach (var member in staff)
        {
            roles[member.Id] = await users.GetRolesAsync(member);
        }

        return View(new StaffListViewModel(staff, roles, new InviteForm()));
    }

    [HttpPost("invite")]
    public async Task<IActionResult> Invite(InviteForm form)
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
            return View(nameof(Index), new StaffListViewModel(await users.Users.AsNoTracking().OrderBy(u => u.DisplayName).ToListAsync(), new Dictionary<string, IList<string>>(), form));
        }

        var language = SiteLanguages.IsSupported(form.Language) ? form.Language! : SiteLanguages.Default;
        var email = form.Email!.Trim();
        var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = form.DisplayName!.Trim(), PreferredLanguage = language, CreatedAt = clock.GetUtcNow() };
        await using var transaction = await db.Database.BeginTransactionAsync();
        Ensure(await users.CreateAsync(user));
        Ensure(await users.AddToRolesAsync(user, roles));
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = mails.SiteLink($"admin/set-password?user={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}");
        outbox.To(null, email, MailKind.Notification, mails.StaffInvitation(language, link));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        TempData["AdminNotice"] = "Admin_Invited";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{id}/roles")]
    public async Task<IActionResult> Roles(string id, string[]? roles)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }

        var wanted = (roles ?? []).Where(StaffRoles.All.Contains).ToHashSet();
        if (user.Id == users.GetUserId(User) && !wanted.Contains(StaffRoles.Administrator))
        {
            // An administrator cannot lock themselves out of staff management.
            TempData["AdminNotice"] = "Admin_CannotDropOwnAdmin";
            return RedirectToAction(nameof(Index));
        }

        var current = await users.GetRolesAsync(user);
        Ensure(await users.RemoveFromRolesAsync(user, current.Except(wanted)));
        Ensure(await users.AddToRolesAsync(user, wanted.Except(current)));
        await users.UpdateSecurityStampAsync(user);
        TempData["AdminNotice"] = "Admin_RolesSaved";
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

        user.IsActive = active;
        Ensure(await users.UpdateAsync(user));

        // A new security stamp ends the person's open sessions at their next request check.
        await users.UpdateSecurityStampAsync(user);
        TempData["AdminNotice"] = active ? "Admin_Activated" : "Admin_Deactivated";
        return RedirectToAction(nameof(Index));
    }

    private static void Ensure(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Identity refused the change: " + string.Join(", ", result.Errors.Select(e => e.Code)));
        }
    }
}

public sealed class InviteForm
{
    public string? Email { get; set; }
    public string? DisplayName { get; set; }
    public string? Language { get; set; }
    public string[]? Roles { get; set; }
}

public sealed record StaffListViewModel(IReadOnlyList<StaffUser> Staff, IReadOnlyDictionary<string, IList<string>> Roles, InviteForm Invite);
