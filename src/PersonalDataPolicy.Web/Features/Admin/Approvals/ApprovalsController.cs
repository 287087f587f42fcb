using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Approvals;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;

namespace PersonalDataPolicy.Web.Features.Admin.Approvals;

/// <summary>Four eyes: the grants and destructions waiting for a second administrator or compliance officer, and the last decisions.</summary>
[Route("admin/approvals")]
[Authorize(Policy = StaffAccounts.Approvals)]
public sealed class ApprovalsController(AppDbContext db, UserManager<StaffUser> users) : AdminController
{
    private const int RecentDecisions = 50;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => View(await ModelAsync(null, cancellationToken));

    [HttpPost("{id:guid}/approve")]
    public Task<IActionResult> Approve(Guid id, [FromServices] DecideApprovalHandler handler, CancellationToken cancellationToken) =>
        DecideAsync(id, approve: true, handler, cancellationToken);

    [HttpPost("{id:guid}/reject")]
    public Task<IActionResult> Reject(Guid id, [FromServices] DecideApprovalHandler handler, CancellationToken cancellationToken) =>
        DecideAsync(id, approve: false, handler, cancellationToken);

    private async Task<IActionResult> DecideAsync(Guid id, bool approve, DecideApprovalHandler handler, CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(id, approve, users.GetUserId(User)!, cancellationToken);
        switch (outcome)
        {
            case DecisionOutcome.NotFound:
                return NotFound();
            case DecisionOutcome.Approved or DecisionOutcome.Rejected:
                TempData["AdminNotice"] = outcome == DecisionOutcome.Approved ? "Admin_ApprovalApproved" : "Admin_ApprovalRejected";
                return RedirectToAction(nameof(Index));
            default:
                Response.StatusCode = outcome == DecisionOutcome.NotYours ? StatusCodes.Status403Forbidden : StatusCodes.Status409Conflict;
                return View("Index", await ModelAsync($"Admin_Approval{outcome}", cancellationToken));
        }
    }

    private async Task<ApprovalsViewModel> ModelAsync(string? errorKey, CancellationToken cancellationToken)
    {
        var pending = await db.PendingApprovals.AsNoTracking().Where(a => a.Outcome == ApprovalOutcome.Pending)
            .OrderBy(a => a.RequestedAt).ToListAsync(cancellationToken);
        var decided = await db.PendingApprovals.AsNoTracking().Where(a => a.Outcome != ApprovalOutcome.Pending)
            .OrderByDescending(a => a.DecidedAt).Take(RecentDecisions).ToListAsync(cancellationToken);
        var staff = await users.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return new ApprovalsViewModel(pending, decided, staff, users.GetUserId(User)!, errorKey);
    }
}

public sealed record ApprovalsViewModel(
    IReadOnlyList<PendingApproval> Pending, IReadOnlyList<PendingApproval> Decided, IReadOnlyDictionary<string, string> Staff, string CurrentUserId, string? ErrorKey)
{
    public string StaffName(string? id) => id is not null && Staff.TryGetValue(id, out var name) ? name : id ?? string.Empty;
}
