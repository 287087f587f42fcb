using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Shared;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.MyData;

/// <summary>"My data": a person sees, corrects, exports and withdraws their data after proving they read their mailbox.</summary>
[Route("{culture:culture}/my-data")]
public sealed class MyDataController(SubjectRights rights, PendingAccessLinks accessLinks, OptOutHandler optOut, WithdrawConsentHandler withdraw, AppDbContext db,
    TimeProvider clock) : Controller
{
    private static readonly JsonSerializerOptions ExportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    [HttpGet("")]
    public async Task<IActionResult> Start()
    {
        // This page is open to everyone, so the person's session is looked up explicitly.
        var session = await HttpContext.AuthenticateAsync(DataSubjectSession.Scheme);
        return session.Succeeded && DataSubjectSession.SubjectId(session.Principal) is not null
            ? RedirectToAction(nameof(Overview), new { culture = SitePage.Culture })
            : View(new AccessLinkForm());
    }

    [HttpPost("")]
    [FormBudget(RateLimits.MyDataLink, "send-link")]
    [RequireHuman("send-link")]
    public IActionResult Start(AccessLinkForm form)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(form);
        }

        // The same answer after the same work whether or not the address is known: the page must not tell, not even
        // by its speed, who is a client of the fund. The look-up and the mail happen in the background.
        accessLinks.Enqueue(EmailAddressNormalizer.Normalize(form.Email!), SitePage.Culture);
        return View("LinkSent");
    }

    [HttpGet("open")]
    public async Task<IActionResult> Open(string? token, CancellationToken cancellationToken) =>
        await TokenPageAsync(token, TokenPurpose.Access, "Open", cancellationToken);

    [HttpPost("open")]
    public async Task<IActionResult> OpenConfirmed(string? token, CancellationToken cancellationToken)
    {
        var (state, subject, link) = await rights.OpenAsync(token, cancellationToken);
        if (subject is null || link is null)
        {
            return LinkProblem(state);
        }

        await DataSubjectSession.SignInAsync(HttpContext, subject.Id, link.Id);
        return link.NextStep switch
        {
            SubjectRights.NextStepWithdraw => RedirectToAction(nameof(Withdraw), new { culture = SitePage.Culture }),
            SubjectRights.NextStepEdit => RedirectToAction(nameof(Edit), new { culture = SitePage.Culture }),
            _ => RedirectToAction(nameof(Overview), new { culture = SitePage.Culture }),
        };
    }

    [HttpGet("overview")]
    [Authorize(DataSubjectSession.Policy)]
    public async Task<IActionResult> Overview(CancellationToken cancellationToken)
    {
        var subject = await SignedInSubjectAsync(cancellationToken);
        return subject is null ? await EndSessionAsync() : View(await OverviewAsync(subject, cancellationToken));
    }

    [HttpGet("edit")]
    [Authorize(DataSubjectSession.Policy)]
    public async Task<IActionResult> Edit(CancellationToken cancellationToken)
    {
        var subject = await SignedInSubjectAsync(cancellationToken);
        if (subject is not { IsActive: true })
        {
            return subject is null ? await EndSessionAsync() : RedirectToAction(nameof(Overview), new { culture = SitePage.Culture });
        }

        return View(new UpdateDetailsForm
        {
            LastName = subject.LastName,
            FirstName = subject.FirstName,
            Patronymic = subject.Patronymic,
            Phone = PhoneNumberNormalizer.Display(subject.Phone),
            Email = subject.Email,
        });
    }

    [HttpPost("edit")]
    [Authorize(DataSubjectSession.Policy)]
    public async Task<IActionResult> Edit(UpdateDetailsForm form, CancellationToken cancellationToken)
    {
        var subject = await SignedInSubjectAsync(cancellationToken);
        if (subject is not { IsActive: true })
        {
            return subject is null ? await EndSessionAsync() : RedirectToAction(nameof(Overview), new { culture = SitePage.Culture });
        }

        if (ModelState.IsValid)
        {
            PhoneNumberNormalizer.TryNormalize(form.Phone, out var phone);
            var outcome = await rights.UpdateAsync(subject, ContactRules.ToPersonName(form.LastName!, form.FirstName!, form.Patronymic),
                phone, EmailAddressNormalizer.Normalize(form.Email!), SitePage.Culture, RequestChannel.Web, cancellationToken);

            // An address on another person's record gets the answer of a free one: the form must not tell whose it is.
            TempData["MyDataNotice"] = outcome == UpdateOutcome.Updated ? "MyData_Updated" : "MyData_UpdatedEmailPending";
            return RedirectToAction(nameof(Overview), new { culture = SitePage.Culture });
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(form);
    }

    [HttpGet("email/confirm")]
    public async Task<IActionResult> ConfirmEmail(string? token, CancellationToken cancellationToken) =>
        await TokenPageAsync(token, TokenPurpose.EmailChange, "ConfirmEmail", cancellationToken);

    [HttpPost("email/confirm")]
    public async Task<IActionResult> ConfirmEmailConfirmed(string? token, CancellationToken cancellationToken)
    {
        var (state, outcome) = await rights.ConfirmEmailChangeAsync(token, cancellationToken);
        if (state != TokenState.Valid)
        {
            return LinkProblem(state);
        }

        return View("Done", outcome == UpdateOutcome.EmailBelongsToAnotherPerson ? "MyData_EmailInUse" : "MyData_EmailChanged");
    }

    [HttpPost("opt-out")]
    [Authorize(DataSubjectSession.Policy)]
    public async Task<IActionResult> OptOut(CancellationToken cancellationToken)
    {
        var subject = await SignedInSubjectAsync(cancellationToken);
        if (subject is null)
        {
            return await EndSessionAsync();
        }

        await optOut.HandleAsync(subject, RequestChannel.Web, SitePage.Culture, Evidence, cancellationToken);
        TempData["MyDataNotice"] = "MyData_OptedOut";
        return RedirectToAction(nameof(Overview), new { culture = SitePage.Culture });
    }

    [HttpGet("withdraw")]
    [Authorize(DataSubjectSession.Policy)]
    public async Task<IActionResult> Withdraw(CancellationToken cancellationToken)
    {
        var subject = await SignedInSubjectAsync(cancellationToken);
        if (subject is not { IsActive: true })
        {
            return subject is null ? await EndSessionAsync() : RedirectToAction(nameof(Overview), new { culture = SitePage.Culture });
        }

        return View(await withdraw.PlanAsync(subject.Id, clock.GetUtcNow(), cancellationToken));
    }

    [HttpPost("withdraw")]
    [Authorize(DataSubjectSession.Policy)]
    public async Task<IActionResult> WithdrawConfirmed(CancellationToken cancellationToken)
    {
        var subject = await SignedInSubjectAsync(cancellationToken);
        if (subject is not { IsActive: true })
        {
            return subject is null ? await EndSessionAsync() : RedirectToAction(nameof(Overview), new { culture = SitePage.Culture });
        }

        await withdraw.HandleAsync(subject, RequestChannel.Web, SitePage.Culture, Evidence, cancellationToken);
        await DataSubjectSession.SignOutAsync(HttpContext);
        return View("Done", "MyData_Withdrawn");
    }

    [HttpGet("export.json")]
    [Authorize(DataSubjectSession.Policy)]
    public async Task<IActionResult> Export(CancellationToken cancellationToken)
    {
        var subject = await SignedInSubjectAsync(cancellationToken);
        if (subject is not { IsActive: true })
        {
            // Policy §2.2: blocked data is not processed, and handing it out is processing.
            return subject is null ? await EndSessionAsync() : RedirectToAction(nameof(Overview), new { culture = SitePage.Culture });
        }

        var export = DataExport.From(await OverviewAsync(subject, cancellationToken), clock.GetUtcNow());
        Response.Headers.CacheControl = "no-store";
        return File(JsonSerializer.SerializeToUtf8Bytes(export, ExportJson), "application/json", "my-personal-data.json");
    }

    /// <summary>The person acts in a session that only a link mailed to their address could open.</summary>
    private const string Evidence = "session:my-data";

    /// <summary>Ends the session here and on every other device (the antiforgery token of the page belongs to the session's user).</summary>
    [HttpPost("sign-out")]
    [Authorize(DataSubjectSession.Policy)]
    public async Task<IActionResult> EndSession(CancellationToken cancellationToken)
    {
        if (DataSubjectSession.SubjectId(User) is { } subjectId)
        {
            await rights.EndSessionsAsync(subjectId, cancellationToken);
        }

        return await EndSessionAsync();
    }

    private async Task<IActionResult> TokenPageAsync(string? token, TokenPurpose purpose, string view, CancellationToken cancellationToken)
    {
        var state = await rights.CheckAsync(token, purpose, cancellationToken);
        return state == TokenState.Valid ? View(view, token) : LinkProblem(state);
    }

    private ViewResult LinkProblem(TokenState state)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("LinkProblem", state);
    }

    private async Task<IActionResult> EndSessionAsync()
    {
        await DataSubjectSession.SignOutAsync(HttpContext);
        return RedirectToAction(nameof(Start), new { culture = SitePage.Culture });
    }

    private async Task<DataSubject?> SignedInSubjectAsync(CancellationToken cancellationToken) =>
        DataSubjectSession.SubjectId(User) is { } id ? await rights.ActiveSubjectAsync(id, cancellationToken) : null;

    private Task<MyDataViewModel> OverviewAsync(DataSubject subject, CancellationToken cancellationToken) =>
        MyDataViewModel.LoadAsync(db, subject, TempData["MyDataNotice"] as string, cancellationToken);
}
