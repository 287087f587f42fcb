using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Web.Features.Mail;

namespace PersonalDataPolicy.Web.Features.Admin.Requests;

/// <summary>
/// The request queue: filters, legal due dates with overdue ones highlighted, assignment, the status
/// workflow New → In progress → Completed / Rejected (with a reason), notes. Closing a request mails the person.
/// </summary>
[Route("admin/requests")]
public sealed class RequestsController(AppDbContext db, AuditTrail audit, Outbox outbox, MailComposer mails, UserManager<StaffUser> users, TimeProvider clock)
    : AdminController
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] RequestFilter filter, CancellationToken cancellationToken)
    {
        var query = db.Requests.AsNoTracking();
        if (filter.Type is { } type)
        {
            query = query.Where(r => r.Type == type);
        }

        query = filter.Status is { } status
            ? query.Where(r => r.Status == status)
            : query.Where(r => r.Status == RequestStatus.New || r.Status == RequestStatus.InProgress);
        if (filter.Channel is { } channel)
        {
            query = query.Where(r => r.Channel == channel);
        }

        if (filter.OverdueOnly)
        {
            query = query.Where(r => r.IsOverdue);
        }

        var rows = await query.OrderBy(r => r.DueAt).Take(500).ToListAsync(cancellationToken);
        return View(new RequestQueueViewModel(filter, rows, clock.GetUtcNow(), users.GetUserId(User)!));
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Show(Guid id, CancellationToken cancellationToken)
    {
        var request = await db.Requests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null)
        {
            return NotFound();
        }

        var notes = await db.RequestNotes.AsNoTracking().Where(n => n.RequestId == id).OrderBy(n => n.At).ToListAsync(cancellationToken);
        var staffNames = await users.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return View(new RequestViewModel(request, notes, staffNames, clock.GetUtcNow(), TempData["AdminError"] as string));
    }

    [HttpPost("{id:guid}/assign")]
    [Authorize(Policy = StaffAccounts.CaseWork)]
    public Task<IActionResult> Assign(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, request => request.AssignTo(users.GetUserId(User)!), "assigned", cancellationToken);

    [HttpPost("{id:guid}/note")]
    [Authorize(Policy = StaffAccounts.CaseWork)]
    public async Task<IActionResult> Note(Guid id, string? text, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 4000)
        {
            TempData["AdminError"] = "Admin_NoteRequired";
            return RedirectToAction(nameof(Show), new { id });
        }

        db.RequestNotes.Add(new RequestNote(id, users.GetUserId(User)!, text.Trim(), clock.GetUtcNow()));
        return await ChangeAsync(id, _ => { }, "note added", cancellationToken);
    }

    [HttpPost("{id:guid}/complete")]
    [Authorize(Policy = StaffAccounts.CaseWork)]
    public Task<IActionResult> Complete(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, request => request.Complete(clock.GetUtcNow()), "completed", cancellationToken, (request, language) => mails.RequestCompleted(language, request.Type));

    /// <summary>A refusal is always reasoned, and the reason goes to the person.</summary>
    [HttpPost("{id:guid}/reject")]
    [Authorize(Policy = StaffAccounts.CaseWork)]
    public async Task<IActionResult> Reject(Guid id, string? reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 2000)
        {
            TempData["AdminError"] = "Admin_ReasonRequired";
            return RedirectToAction(nameof(Show), new { id });
        }

        return await ChangeAsync(id, request => request.Reject(reason, clock.GetUtcNow()), "rejected", cancellationToken,
            (request, language) => mails.RequestRejected(language, request.Type, reason.Trim()));
    }

    private async Task<IActionResult> ChangeAsync(Guid id, Action<DataSubjectRequest> change, string what, CancellationToken cancellationToken, Func<DataSubjectRequest, string, MailContent>? mail = null)
    {
        var request = await db.Requests.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null)
        {
            return NotFound();
        }

        if (!request.IsOpen)
        {
            TempData["AdminError"] = "Admin_RequestClosed";
            return RedirectToAction(nameof(Show), new { id });
        }

        change(request);
        var subject = await db.DataSubjects.SingleOrDefaultAsync(s => s.Id == request.SubjectId, cancellationToken);
        if (mail is not null && subject is { HoldsPersonalData: true })
        {
            outbox.ToSubject(subject, MailKind.RightsResponse, mail(request, subject.PreferredLanguage));
        }

        audit.Record(AuditAction.ChangedRequest, request.SubjectId, AccessPurpose.AnsweringRequest, $"{request.Type} request {what}");
        await db.SaveChangesAsync(cancellationToken);
        TempData["AdminNotice"] = "Admin_RequestSaved";
        return RedirectToAction(nameof(Show), new { id });
    }
}

public sealed class RequestFilter
{
    public RequestType? Type { get; set; }
    public RequestStatus? Status { get; set; }
    public RequestChannel? Channel { get; set; }
    public bool OverdueOnly { get; set; }
}

public sealed record RequestQueueViewModel(RequestFilter Filter, IReadOnlyList<DataSubjectRequest> Rows, DateTimeOffset Now, string Me);

public sealed record RequestViewModel(DataSubjectRequest Request, IReadOnlyList<RequestNote> Notes, IReadOnlyDictionary<string, string> StaffNames, DateTimeOffset Now, string? ErrorKey);
