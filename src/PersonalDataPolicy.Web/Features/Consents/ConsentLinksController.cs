using Microsoft.AspNetCore.Mvc;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Web.Features.Consents;

/// <summary>The double opt-in link of policy §4.2. GET shows a button (mail scanners open links); only the POST grants.</summary>
[Route("{culture:culture}/consent/confirm-marketing")]
public sealed class ConsentLinksController(ConfirmationLinks links, ConfirmMarketingHandler handler, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> ConfirmMarketing(string? token, CancellationToken cancellationToken)
    {
        var state = (await links.FindAsync(token, TokenPurpose.MarketingOptIn, cancellationToken))?.StateAt(clock.GetUtcNow()) ?? TokenState.Unknown;
        return state == TokenState.Valid ? View("ConfirmMarketing", token) : LinkProblem(state);
    }

    [HttpPost("")]
    public async Task<IActionResult> MarketingConfirmed(string? token, CancellationToken cancellationToken)
    {
        var (state, outcome) = await handler.HandleAsync(token, cancellationToken);
        return outcome is { } done ? View("ConfirmationDone", new ConfirmationDoneModel("MarketingConfirm_Title", $"MarketingConfirm_{done}")) : LinkProblem(state);
    }

    private ViewResult LinkProblem(TokenState state)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("ConfirmationLinkProblem", state);
    }
}

/// <summary>What the page after a confirmation says: resource keys of its heading and text.</summary>
public sealed record ConfirmationDoneModel(string TitleKey, string TextKey);
