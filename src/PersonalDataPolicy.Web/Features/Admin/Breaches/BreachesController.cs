using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Breaches;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Web.Features.Operator;

namespace PersonalDataPolicy.Web.Features.Admin.Breaches;

/// <summary>
/// The register of personal-data breaches (issue 15; Law 94-V art. 25 p. 2 sub-p. 8): record, the one-working-day clock,
/// the notification to the authorized body (printable, stored once sent), the people affected and their mails.
/// Compliance officers and administrators only.
/// </summary>
[Route("admin/breaches")]
[Authorize(Policy = StaffAccounts.Breaches)]
public sealed class BreachesController(AppDbContext db, UserManager<StaffUser> users, IOptions<OperatorOptions> fund, IStringLocalizer<SharedResource> t,
    AuditTrail audit, TimeProvider clock) : AdminController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new BreachListViewModel(await db.BreachIncidents.AsNoTracking().OrderByDescending(i => i.Number).ToListAsync(cancellationToken), clock.GetUtcNow()));

    [HttpGet("new")]
    public IActionResult New() => View(new BreachFormViewModel(new BreachForm(), []));

    [HttpPost("new")]
    public async Task<IActionResult> New(BreachForm form, [FromServices] RecordBreachHandler handler, CancellationToken cancellationToken)
    {
        var problems = form.Problems(clock.GetUtcNow());
        if (problems.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(new BreachFormViewModel(form, problems));
        }

        var incident = await handler.HandleAsync(form, users.GetUserId(User)!, cancellationToken);
        return RedirectToAction(nameof(Show), new { number = incident.Number });
    }

    [HttpGet("{number:int}")]
    public async Task<IActionResult> Show(int number, CancellationToken cancellationToken)
    {
        var incident = await db.BreachIncidents.AsNoTracking().Include(i => i.Subjects).SingleOrDefaultAsync(i => i.Number == number, cancellationToken);
        if (incident is null)
        {
            return NotFound();
        }

        var prefix = $"incident {number}:";
        var history = await db.AuditLog.AsNoTracking()
            .Where(e => e.Details != null && (e.Details.StartsWith(prefix) || e.Details == $"incident {number}") && BreachActions.Contains(e.Action))
            .OrderBy(e => e.At).ToListAsync(cancellationToken);
        var staffIds = history.Select(e => e.StaffUserId).Append(incident.RecordedBy).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => staffIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return View(new BreachViewModel(incident, clock.GetUtcNow(), history, names));
    }

    [HttpPost("{number:int}/subjects")]
    public async Task<IActionResult> LinkSubjects(int number, BreachSubjectChoice by, string? q, [FromServices] LinkBreachSubjectsHandler handler, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(by) || await handler.HandleAsync(number, by, q, cancellationToken) is not { } added)
        {
            return NotFound();
        }

        TempData["BreachNotice"] = t["Breach_SubjectsLinked", added].Value;
        return RedirectToAction(nameof(Show), new { number });
    }

    [HttpPost("{number:int}/notify-subjects")]
    public async Task<IActionResult> NotifySubjects(int number, [FromServices] NotifyBreachSubjectsHandler handler, CancellationToken cancellationToken)
    {
        if (await handler.HandleAsync(number, cancellationToken) is not { } queued)
        {
            return NotFound();
        }

        TempData["BreachNotice"] = t["Breach_SubjectsNotified", queued].Value;
        return RedirectToAction(nameof(Show), new { number });
    }

    /// <summary>
    /// The notification as it will be sent (before) or as it was sent (after: from the stored copy), printable; with the
    /// annex of the people affected read from their records, which is why opening it is written to the audit log.
    /// </summary>
    [HttpGet("{number:int}/notification")]
    public async Task<IActionResult> Notification(int number, string? language, CancellationToken cancellationToken)
    {
        var incident = await db.BreachIncidents.AsNoTracking().Include(i => i.Subjects).SingleOrDefaultAsync(i => i.Number == number, cancellationToken);
        if (incident is null)
        {
            return NotFound();
        }

        var copy = await db.BreachNotificationCopies.AsNoTracking().SingleOrDefaultAsync(c => c.IncidentId == incident.Id, cancellationToken);
        var chosen = SiteLanguages.IsSupported(language ?? string.Empty) ? language! : SiteLanguages.Russian;
        var notice = copy is not null
            ? AuthorityNotice.FromJson(copy.Content)
            : AuthorityNotice.Compose(incident, fund.Value, await NotifyAuthorityHandler.StaffNameAsync(users, incident.RecordedBy), chosen, clock.GetUtcNow(), t);
        var ids = incident.Subjects.Select(s => s.SubjectId).ToList();
        var annex = await db.DataSubjects.AsNoTracking().Where(s => ids.Contains(s.Id))
            .Select(s => new AnnexLine(s.LastName, s.FirstName, s.Patronymic, s.Phone)).ToListAsync(cancellationToken);
        audit.Record(AuditAction.ViewedBreachNotification, null, AccessPurpose.LegalObligation, $"incident {number}: annex of {annex.Count}");
        await db.SaveChangesAsync(cancellationToken);
        return View(new NotificationViewModel(incident, notice, copy, annex));
    }

    [HttpPost("{number:int}/notification")]
    public async Task<IActionResult> MarkNotificationSent(int number, string? language, [FromServices] NotifyAuthorityHandler handler, CancellationToken cancellationToken)
    {
        var chosen = SiteLanguages.IsSupported(language ?? string.Empty) ? language! : SiteLanguages.Russian;
        var outcome = await handler.HandleAsync(number, chosen, users.GetUserId(User)!, cancellationToken);
        if (outcome == NotifyAuthorityHandler.Outcome.NotFound)
        {
            return NotFound();
        }

        TempData["BreachNotice"] = t[outcome == NotifyAuthorityHandler.Outcome.Stored ? "Breach_NotificationStored" : "Breach_NotificationAlreadySent"].Value;
        return RedirectToAction(nameof(Show), new { number });
    }

    [HttpPost("{number:int}/close")]
    public async Task<IActionResult> Close(int number, [FromServices] CloseBreachHandler handler, CancellationToken cancellationToken)
    {
        TempData["BreachNotice"] = t[await handler.HandleAsync(number, users.GetUserId(User)!, cancellationToken) ? "Breach_Closed" : "Breach_CannotClose"].Value;
        return RedirectToAction(nameof(Show), new { number });
    }

    private static readonly AuditAction[] BreachActions =
    [
        AuditAction.RecordedBreach, AuditAction.LinkedBreachSubjects, AuditAction.NotifiedAuthorityOfBreach, AuditAction.NotifiedBreachSubjects,
        AuditAction.ViewedBreachNotification, AuditAction.ClosedBreach,
    ];
}

public sealed record BreachListViewModel(IReadOnlyList<BreachIncident> Incidents, DateTimeOffset Now);

public sealed record BreachFormViewModel(BreachForm Form, IReadOnlyList<(string Field, string Key)> Problems);

public sealed record BreachViewModel(BreachIncident Incident, DateTimeOffset Now, IReadOnlyList<AuditEntry> History, IReadOnlyDictionary<string, string> StaffNames);

public sealed record AnnexLine(string LastName, string FirstName, string? Patronymic, string Phone);

public sealed record NotificationViewModel(BreachIncident Incident, AuthorityNotice Notice, BreachNotificationCopy? Copy, IReadOnlyList<AnnexLine> Annex);
