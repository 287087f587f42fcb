using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Appeals;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Mail;

namespace PersonalDataPolicy.Web.Features.Admin.Appeals;

/// <summary>
/// The appeals inbox. The list shows no personal data; opening an appeal is logged as a look at the person's
/// data for answering it. An answer goes by e-mail when that is the person's preferred channel; otherwise the
/// staff member records the call or message they made.
/// </summary>
[Route("admin/appeals")]
[Authorize(Policy = StaffAccounts.CaseWork)]
public sealed class AppealsController(AppDbContext db, AuditTrail audit, Outbox outbox, MailComposer mails, UserManager<StaffUser> users, TimeProvider clock)
    : AdminController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(bool answered, CancellationToken cancellationToken)
    {
        var appeals = await db.Appeals.AsNoTracking()
            .Where(a => answered ? a.AnsweredAt != null : a.AnsweredAt == null)
            .OrderBy(a => a.ReceivedAt)
            .Select(a => new AppealRow(a.Id, a.ReceivedAt, a.Topic, a.PreferredChannel, a.Language, a.AnsweredAt,
                db.DataSubjects.Any(s => s.Id == a.SubjectId && s.Status == SubjectStatus.Unconfirmed)))
            .Take(500)
            .ToListAsync(cancellationToken);
        return View(new AppealInboxViewModel(appeals, answered));
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Show(Guid id, CancellationToken cancellationToken)
    {
        var appeal = await db.Appeals.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (appeal is null)
        {
            return NotFound();
        }

        audit.Record(AuditAction.ViewedSubject, appeal.SubjectId, AccessPurpose.AnsweringAppeal, "appeal");
        await db.SaveChangesAsync(cancellationToken);
        var answers = await db.AppealAnswers.AsNoTracking().Where(a => a.AppealId == id).OrderBy(a => a.At).ToListAsync(cancellationToken);
        var unconfirmed = await db.DataSubjects.AnyAsync(s => s.Id == appeal.SubjectId && s.Status == SubjectStatus.Unconfirmed, cancellationToken);
        return View(new AppealViewModel(appeal, answers, TempData["AdminError"] as string, unconfirmed));
    }

    [HttpPost("{id:guid}/answer")]
    public async Task<IActionResult> Answer(Guid id, string? text, CancellationToken cancellationToken)
    {
        var appeal = await db.Appeals.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (appeal is null)
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(text) || text.Length > 8000 || appeal.ContactEmail.Length == 0)
        {
            TempData["AdminError"] = appeal.ContactEmail.Length == 0 ? "Admin_AppealErased" : "Admin_AnswerRequired";
            return RedirectToAction(nameof(Show), new { id });
        }

        var byEmail = appeal.PreferredChannel == ContactChannel.Email;
        if (byEmail && await db.DataSubjects.AnyAsync(s => s.Id == appeal.SubjectId && s.Status == SubjectStatus.Unconfirmed, cancellationToken))
        {
            // The address typed belongs to someone else's record: mailing the answer there would hand it to that person.
            TempData["AdminError"] = "Admin_AnswerUnconfirmed";
            return RedirectToAction(nameof(Show), new { id });
        }

        var now = clock.GetUtcNow();
        db.AppealAnswers.Add(new AppealAnswer(id, users.GetUserId(User)!, appeal.PreferredChannel, text.Trim(), byEmail, now));
        if (byEmail)
        {
            // A notification, not a rights response: a blocked person gets no answers (policy §2.2).
            outbox.To(appeal.SubjectId, appeal.ContactEmail, MailKind.Notification, mails.AppealAnswer(appeal.Language, text.Trim()));
        }

        appeal.MarkAnswered(now);
        audit.Record(AuditAction.AnsweredAppeal, appeal.SubjectId, AccessPurpose.AnsweringAppeal, byEmail ? "answered by e-mail" : $"answer recorded ({appeal.PreferredChannel})");
        await db.SaveChangesAsync(cancellationToken);
        TempData["AdminNotice"] = byEmail ? "Admin_AnswerSent" : "Admin_AnswerRecorded";
        return RedirectToAction(nameof(Show), new { id });
    }
}

/// <param name="Unconfirmed">Sent with an address that belongs to another record, whose owner has not confirmed it.</param>
public sealed record AppealRow(Guid Id, DateTimeOffset ReceivedAt, AppealTopic Topic, ContactChannel PreferredChannel, string Language, DateTimeOffset? AnsweredAt, bool Unconfirmed);

public sealed record AppealInboxViewModel(IReadOnlyList<AppealRow> Appeals, bool Answered);

public sealed record AppealViewModel(Appeal Appeal, IReadOnlyList<AppealAnswer> Answers, string? ErrorKey, bool Unconfirmed);
