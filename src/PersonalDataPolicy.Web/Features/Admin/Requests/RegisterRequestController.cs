using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Admin.Subjects;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Admin.Requests;

/// <summary>
/// Registering a request that reached the fund by phone, on paper or in person. Case workers (staff and administrators)
/// register, as they work the queue; the person is found by search, the search terms posted and never put in a URL.
/// </summary>
[Route("admin/requests/register")]
[Authorize(Policy = StaffAccounts.CaseWork)]
public sealed class RegisterRequestController(AppDbContext db, SubjectFinder finder, AuditTrail audit, UserManager<StaffUser> users, IStringLocalizer<SharedResource> t, TimeProvider clock) : AdminController
{
    [HttpGet("")]
    public IActionResult Index() => View("Register", NewModel(new RegisterRequestForm(), null, null));

    /// <summary>Finds the person; the results become the choice on the same form.</summary>
    [HttpPost("search")]
    public async Task<IActionResult> Search(SearchBy by, string? q, CancellationToken cancellationToken)
    {
        var term = (q ?? string.Empty).Trim();
        var found = await finder.FindAsync(by, term, includeBlocked: true, cancellationToken);
        audit.Record(AuditAction.SearchedSubjects, null, details: $"by {by}, {found.Count} found, registering a request");
        await db.SaveChangesAsync(cancellationToken);
        return View("Register", NewModel(new RegisterRequestForm { By = by }, term, found));
    }

    [HttpPost("")]
    public async Task<IActionResult> Register(RegisterRequestForm form, [FromServices] RegisterReceivedRequestHandler handler, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var (outcome, requestId) = await handler.HandleAsync(form, users.GetUserId(User)!, cancellationToken);
            switch (outcome)
            {
                case RegisterOutcome.Registered:
                    TempData["AdminNotice"] = "Admin_Register_Done";
                    return RedirectToAction("Show", "Requests", new { id = requestId });
                case RegisterOutcome.EmailTaken:
                    ModelState.AddModelError(nameof(form.Email), t["Admin_Register_EmailTaken"]);
                    break;
                default:
                    ModelState.AddModelError(nameof(form.SubjectId), t["Admin_Register_ChoosePerson"]);
                    break;
            }
        }

        // Nothing was stored: the same page comes back with every error, and the person chosen (if any) still chosen.
        var chosen = form.SubjectId is { } id
            ? await db.DataSubjects.AsNoTracking().Where(s => s.Id == id && (s.Status == SubjectStatus.Active || s.Status == SubjectStatus.Blocked)).ToListAsync(cancellationToken)
            : null;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Register", NewModel(form, null, chosen));
    }

    private RegisterRequestViewModel NewModel(RegisterRequestForm form, string? term, IReadOnlyList<DataSubject>? found) =>
        new(form, term, found, SiteDates.Now(clock));
}

/// <param name="Now">The fund's local date and time, offered as the moment of receipt and of the check.</param>
public sealed record RegisterRequestViewModel(RegisterRequestForm Form, string? Term, IReadOnlyList<DataSubject>? Found, DateTime Now);
