using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Approvals;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.MyData;

namespace PersonalDataPolicy.Web.Features.Admin.Subjects;

public enum SearchBy
{
    Email,
    Phone,
    Name,
}

public enum LifecycleStep
{
    Block,
    Unblock,
    Depersonalize,
    Destroy,
}

/// <summary>
/// Finding a person and working on their record. Search terms are posted, never put in a URL; opening a record
/// asks why (one click, the last answer offered first) and writes who, when, which record, which page and why.
/// </summary>
[Route("admin/subjects")]
public sealed class SubjectsController(AppDbContext db, SubjectFinder finder, AuditTrail audit) : AdminController
{
    [HttpGet("")]
    public IActionResult Index() => View(new SubjectSearchViewModel(SearchBy.Email, null, false, null));

    [HttpPost("")]
    public async Task<IActionResult> Index(SearchBy by, string? q, bool includeBlocked, CancellationToken cancellationToken)
    {
        var term = (q ?? string.Empty).Trim();
        var found = await finder.FindAsync(by, term, includeBlocked, cancellationToken);
        audit.Record(AuditAction.SearchedSubjects, null, details: $"by {by}, {found.Count} found");
        await db.SaveChangesAsync(cancellationToken);
        return View(new SubjectSearchViewModel(by, found, includeBlocked, term));
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Show(Guid id, AccessPurpose? purpose, CancellationToken cancellationToken)
    {
        var subject = await db.DataSubjects.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subject is null)
        {
            return NotFound();
        }

        if (purpose is not { } why || !Enum.IsDefined(why))
        {
            return View("Purpose", new PurposeViewModel(id, AuditTrail.LastPurpose(Request)));
        }

        AuditTrail.RememberPurpose(Response, why);
        var target = id.ToString("D");
        audit.Record(AuditAction.ViewedSubject, id, why);
        await db.SaveChangesAsync(cancellationToken);
        return View(new SubjectRecordViewModel(
            new MyDataViewModel(
                subject,
                await db.Appeals.AsNoTracking().Where(a => a.SubjectId == id).OrderByDescending(a => a.ReceivedAt).ToListAsync(cancellationToken),
                await db.ConsentEvents.AsNoTracking().Where(e => e.SubjectId == id).OrderBy(e => e.Sequence).ToListAsync(cancellationToken),
                await db.Requests.AsNoTracking().Where(r => r.SubjectId == id).OrderByDescending(r => r.ReceivedAt).ToListAsync(cancellationToken),
                null),
            why,
            await db.PendingApprovals.AnyAsync(a => a.Kind == ApprovalKind.DestroySubject && a.Target == target && a.Outcome == ApprovalOutcome.Pending, cancellationToken)));
    }

    [HttpGet("{id:guid}/{step}")]
    public async Task<IActionResult> Confirm(Guid id, LifecycleStep step, CancellationToken cancellationToken)
    {
        if (!await MayAsync(step))
        {
            return Forbid();
        }

        var subject = await db.DataSubjects.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        return subject is null ? NotFound() : View(new LifecycleViewModel(id, step, subject.Status, null));
    }

    /// <summary>Block, unblock or depersonalize at once, or ask for a destruction (four eyes); a reason is required and audited.</summary>
    [HttpPost("{id:guid}/{step}")]
    public async Task<IActionResult> Apply(Guid id, LifecycleStep step, string? reason, [FromServices] ApplyLifecycleStepHandler handler, CancellationToken cancellationToken)
    {
        if (!await MayAsync(step))
        {
            return Forbid();
        }

        var outcome = string.IsNullOrWhiteSpace(reason) || reason.Length > 1000
            ? (LifecycleOutcome?)null
            : await handler.HandleAsync(id, step, reason.Trim(), User.FindFirstValue(ClaimTypes.NameIdentifier)!, cancellationToken);
        if (outcome == LifecycleOutcome.NotFound)
        {
            return NotFound();
        }

        if (outcome is null or LifecycleOutcome.NotAllowed)
        {
            var subject = await db.DataSubjects.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
            if (subject is null)
            {
                return NotFound();
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Confirm", new LifecycleViewModel(id, step, subject.Status, outcome is null ? "Admin_ReasonRequired" : "Admin_StepNotAllowed"));
        }

        TempData["AdminNotice"] = outcome switch
        {
            LifecycleOutcome.AwaitingApproval => "Admin_DestructionAwaitsApproval",
            LifecycleOutcome.AlreadyAwaitingApproval => "Admin_DestructionAlreadyAwaitsApproval",
            _ => $"Admin_Step{step}Done",
        };
        return RedirectToAction(nameof(Show), new { id, purpose = AccessPurpose.LegalObligation });
    }

    /// <summary>Blocking is case work; erasing for good is for administrators and compliance officers.</summary>
    private async Task<bool> MayAsync(LifecycleStep step)
    {
        var policy = step is LifecycleStep.Block or LifecycleStep.Unblock ? StaffAccounts.CaseWork : StaffAccounts.Erasure;
        return (await HttpContext.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(User, policy)).Succeeded;
    }
}

public sealed record SubjectSearchViewModel(SearchBy By, IReadOnlyList<DataSubject>? Results, bool IncludeBlocked, string? Term);

public sealed record PurposeViewModel(Guid SubjectId, AccessPurpose? Suggested);

public sealed record SubjectRecordViewModel(MyDataViewModel Record, AccessPurpose Purpose, bool DestructionAwaitsApproval);

public sealed record LifecycleViewModel(Guid SubjectId, LifecycleStep Step, SubjectStatus Status, string? ErrorKey);
