using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Analytics;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Web.Features.Shared;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Analytics;

/// <summary>
/// Anonymous page statistics, only with the visitor's consent (policy §4.3, §5.2): the choice page, and the hit
/// the site's own script sends after consent. Without consent or without JavaScript nothing is counted.
/// </summary>
public sealed partial class AnalyticsController(AppDbContext db, TimeProvider clock) : Controller
{
    public const string ConsentCookie = "statistics";

    public static bool Consented(HttpRequest request) => request.Cookies[ConsentCookie] == "granted";

    public static bool HasChosen(HttpRequest request) => request.Cookies[ConsentCookie] is "granted" or "refused";

    [OutputCache(PolicyName = PublicPageCache.PolicyName)]
    [HttpGet("/{culture:culture}/cookies")]
    public IActionResult Settings() => View("Settings");

    /// <summary>
    /// Accept and refuse are the same kind of button, side by side; either can be changed later from the footer. A consent,
    /// so it is refused when it does not come from this site's own page (no token in the page: the pages are cached).
    /// </summary>
    [HttpPost("/{culture:culture}/cookies")]
    [IgnoreAntiforgeryToken]
    [SameOriginOnly]
    public async Task<IActionResult> Choose(string? choice, string? returnUrl, CancellationToken cancellationToken)
    {
        if (choice is not ("accept" or "refuse") || (returnUrl is not null && !Url.IsLocalUrl(returnUrl)))
        {
            return BadRequest();
        }

        var accepted = choice == "accept";
        Response.Cookies.Append(ConsentCookie, accepted ? "granted" : "refused", new CookieOptions
        {
            MaxAge = TimeSpan.FromDays(180),
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = Request.IsHttps,
            IsEssential = true,
        });
        await IncrementAsync(db.AnalyticsChoices.Where(c => c.Day == Today && c.Accepted == accepted), () => new AnalyticsChoiceCount(Today, accepted),
            q => q.ExecuteUpdateAsync(s => s.SetProperty(c => c.Count, c => c.Count + 1), cancellationToken), cancellationToken);
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToAction("Index", "Policy", new { culture = SitePage.Culture });
    }

    /// <summary>Sent by /js/statistics.js with navigator.sendBeacon; counted only if the visitor consented.</summary>
    [HttpPost("/statistics/hit")]
    [IgnoreAntiforgeryToken]
    public async Task<IActionResult> Hit(string? path, CancellationToken cancellationToken)
    {
        if (PageOf(path) is not { } page)
        {
            return BadRequest();
        }

        if (Consented(Request))
        {
            var lowVision = SitePage.IsAccessibleMode(HttpContext);
            await IncrementAsync(db.PageViews.Where(v => v.Day == Today && v.Page == page.Name && v.Language == page.Language && v.LowVision == lowVision),
                () => new PageViewCount(Today, page.Name, page.Language, lowVision),
                q => q.ExecuteUpdateAsync(s => s.SetProperty(v => v.Count, v => v.Count + 1), cancellationToken), cancellationToken);
        }

        return NoContent();
    }

    /// <summary>The page as a name without ids or query: "policy/versions", "consent/receipts", never a token.</summary>
    public static (string Name, string Language)? PageOf(string? path)
    {
        var match = PathPattern().Match(path ?? string.Empty);
        if (!match.Success)
        {
            return null;
        }

        var segments = match.Groups[2].Value.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .TakeWhile(s => s.All(c => char.IsAsciiLetterLower(c) || c == '-'))
            .Take(2);
        var name = string.Join('/', segments);
        return (name.Length == 0 ? "policy" : name, match.Groups[1].Value);
    }

    private DateOnly Today => SiteDates.Today(clock);

    /// <summary>Adds one to a daily counter: update if the row exists, else insert (and update after all if another request inserted it first).</summary>
    private async Task IncrementAsync<T>(IQueryable<T> row, Func<T> create, Func<IQueryable<T>, Task<int>> increment, CancellationToken cancellationToken)
        where T : class
    {
        if (await increment(row) > 0)
        {
            return;
        }

        try
        {
            db.Add(create());
            await db.SaveChangesAsync(cancellationToken);
            await increment(row);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            await increment(row);
        }
    }

    [GeneratedRegex(@"^/(kk|ru|en)(/[^?#]*)?(?:[?#].*)?$")]
    private static partial Regex PathPattern();
}
