using Microsoft.AspNetCore.Mvc;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Consents;

namespace PersonalDataPolicy.Web.Features.Appeals;

/// <summary>The link in the mail to the owner of an address someone typed into the appeal form. GET shows a button (mail scanners open links); POST confirms.</summary>
[Route("{culture:culture}/appeal/confirm")]
public sealed class AppealConfirmationController(ConfirmAppealHandler handler) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Confirm(string? token, CancellationToken cancellationToken)
    {
        var (state, consents) = await handler.PreviewAsync(token, cancellationToken);
        return state == TokenState.Valid ? View("Confirm", new AppealConfirmationViewModel(token!, consents)) : LinkProblem(state);
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

/// <summary>The confirmation page: the link's token and the consents the owner is asked to make their own.</summary>
public sealed record AppealConfirmationViewModel(string Token, IReadOnlyList<ConsentEvent> Consents);
