using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Web.Features.Mail;

namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>
/// Protects a form post against cross-site forgery without a token in the page, so that the page carrying the form can be
/// cached for everyone (issue 13). The browser says where a post comes from: <c>Sec-Fetch-Site</c> (every current
/// browser) or else <c>Origin</c>, or else <c>Referer</c> (the site sends <c>Referrer-Policy: same-origin</c>, so its own
/// pages send it). Only a positive "from this site" passes; a post that names another site, or nothing at all, gets a
/// localized 403 page and the action never runs. The site's origin is the one the browser used — behind the proxy the
/// scheme comes from X-Forwarded-Proto (<see cref="ReverseProxy"/>) and the host is checked against AllowedHosts — or the
/// configured <c>Mail:PublicBaseUrl</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SameOriginOnlyAttribute : Attribute, IResourceFilter, IOrderedFilter
{
    /// <summary>Before model binding and before the rate limiter's form budget: a forged post reads and counts nothing.</summary>
    public int Order => int.MinValue;

    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        var request = context.HttpContext.Request;
        var publicBase = context.HttpContext.RequestServices.GetRequiredService<IOptions<MailOptions>>().Value.PublicBaseUrl;
        if (!SameOrigin.IsFromThisSite(request, publicBase))
        {
            context.Result = new ViewResult { ViewName = "CrossSiteRefused", StatusCode = StatusCodes.Status403Forbidden };
        }
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }
}

public static class SameOrigin
{
    public static bool IsFromThisSite(HttpRequest request, string publicBaseUrl)
    {
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0)
        {
            // Set by the browser itself; a page cannot forge it. "same-site" (a sibling subdomain) and "none" are not this site.
            return fetchSite == "same-origin";
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 && Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer))
        {
            origin = referer.GetLeftPart(UriPartial.Authority);
        }

        return origin.Length > 0 && origin != "null"
            && (IsSame(origin, $"{request.Scheme}://{request.Host.Value}") || IsSame(origin, publicBaseUrl));
    }

    private static bool IsSame(string origin, string site) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var a) && Uri.TryCreate(site, UriKind.Absolute, out var b)
        && Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
