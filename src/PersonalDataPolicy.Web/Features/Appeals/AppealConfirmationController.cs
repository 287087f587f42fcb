using Microsoft.AspNetCore.Mvc;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Consents;

namespace PersonalDataPolicy.Web.Features.Appeals;

/// <summary>The link in the mail to the owner of an address someone typed into the appeal form. GET shows a button (mail scanners open links); POST confirms.</summary>
[Route("{culture:culture}/appeal/confirm")]
public sealed class AppealConfirmationController(ConfirmationLinks links, ConfirmAppealHandler handler, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Confirm(string? token, CancellationToken cancellationToken)
    {
        var state = (await links.FindAsync(token, TokenPurpose.AppealConfirmation, cancellationToken))?.StateAt(clock.GetUtcNow()) ?? TokenState.Unknown;
        return state == TokenState.Valid ? View("Confirm", token) : LinkProblem(state);
    }

    [HttpPost("")]
    public async Task<IActionResult> Confirmed(string? token, CancellationToken cancellationToken)
    {
        var (state, outcome) = await handler.HandleAsync(token, cancellationToken);
        return outcome is { } done ? View("ConfirmationDone", new ConfirmationDoneModel("AppealConfirm_Title", $"AppealConfirm_{done}")) : LinkProblem(state);
    }

    private ViewResult LinkProblem(TokenState state)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("ConfirmationLinkProblem", state);
    }
}
