using Microsoft.AspNetCore.Mvc;

namespace PersonalDataPolicy.Web.Features.Shared;

public sealed class HomeController : Controller
{
    /// <summary>The culture was chosen by the request localization middleware from Accept-Language, falling back to kk.</summary>
    [HttpGet("/")]
    public IActionResult Root()
    {
        Response.Headers.Vary = "Accept-Language";
        return RedirectToAction("Index", "Policy", new { culture = SitePage.Culture });
    }

    [HttpGet("/{culture:culture}")]
    public IActionResult CultureRoot() => RedirectToActionPermanent("Index", "Policy", new { culture = SitePage.Culture });
}
