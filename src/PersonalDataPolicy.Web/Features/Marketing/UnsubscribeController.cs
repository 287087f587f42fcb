using Microsoft.AspNetCore.Mvc;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Web.Features.MyData;
using PersonalDataPolicy.Web.Features.Shared;

namespace PersonalDataPolicy.Web.Features.Marketing;

/// <summary>
/// Policy §4.2 opt-out from a marketing mail. GET shows a button (mail scanners open links, and must not
/// unsubscribe anyone); POST opts out at once — from that button or as the RFC 8058 one-click POST that
/// mail providers send without any page or cookie, which is why antiforgery does not apply here.
/// </summary>
[Route("{culture:culture}/unsubscribe/{token}")]
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeController(UnsubscribeLinks links, SubjectRights rights, OptOutHandler optOut) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Confirm(string token, CancellationToken cancellationToken) =>
        await SubjectAsync(token, cancellationToken) is null ? NotFound() : View("Confirm", token);

    [HttpPost("")]
    public async Task<IActionResult> OptOut(string token, CancellationToken cancellationToken)
    {
        var subject = await SubjectAsync(token, cancellationToken);
        if (subject is null)
        {
            return NotFound();
        }

        // The link was mailed to the address only; it proves the mailbox, as List-Unsubscribe means it to.
        await optOut.HandleAsync(subject, RequestChannel.Email, SitePage.Culture, "link:unsubscribe", cancellationToken);
        var oneClick = Request.HasFormContentType && Request.Form["List-Unsubscribe"] == "One-Click";
        return oneClick ? Ok() : View("~/Features/MyData/Done.cshtml", "MyData_OptedOut");
    }

    private async Task<PersonalDataPolicy.Subjects.DataSubject?> SubjectAsync(string token, CancellationToken cancellationToken) =>
        links.SubjectOf(token) is { } id ? await rights.ActiveSubjectAsync(id, cancellationToken) : null;
}
