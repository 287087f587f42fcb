using Microsoft.AspNetCore.Mvc;
using PersonalDataPolicy.Web.Features.Shared;

namespace PersonalDataPolicy.Web.Features.Display;

/// <summary>Switches the version for the visually impaired on or off with a plain form post: no JavaScript needed.</summary>
[Route("{culture:culture}/display-mode")]
public sealed class DisplayModeController : Controller
{
    /// <summary>No token: the worst a forged post can do is switch the look of the site, and pages without a token can be cached.</summary>
    [HttpPost("")]
    [IgnoreAntiforgeryToken]
    public IActionResult Switch(string? mode, string? returnUrl)
    {
        // Only the two buttons' values and a page of this site; anything else is not from the header form.
        if (mode is not (SitePage.AccessibleMode or "standard") || (returnUrl is not null && !Url.IsLocalUrl(returnUrl)))
        {
            return BadRequest();
        }

        if (mode == SitePage.AccessibleMode)
        {
            Response.Cookies.Append(SitePage.DisplayCookie, SitePage.AccessibleMode, new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(365),
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = Request.IsHttps,
            });
        }
        else
        {
            Response.Cookies.Delete(SitePage.DisplayCookie);
        }

        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToAction("Index", "Policy", new { culture = SitePage.Culture });
    }
}
