using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;

namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>Culture comes first in every public URL: /kk/..., /ru/..., /en/....</summary>
public static class Localization
{
    public static readonly CultureInfo[] Cultures = SiteLanguages.All.Select(CultureInfo.GetCultureInfo).ToArray();

    public static IServiceCollection AddSiteLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddPluralMessages();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(SiteLanguages.Default);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.FallBackToParentCultures = false;
            o.RequestCultureProviders = [new PathCultureProvider(), new StaffCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        services.Configure<RouteOptions>(o => o.ConstraintMap["culture"] = typeof(SiteCultureRouteConstraint));
        return services;
    }

    /// <summary>Replaces the culture segment of a site path, keeping the rest and the query: /en/policy?x → /kk/policy?x.</summary>
    public static string SwitchCulture(PathString path, QueryString query, string culture)
    {
        var segments = (path.Value ?? "/").Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (segments.Count > 0 && SiteLanguages.IsSupported(segments[0]))
        {
            segments.RemoveAt(0);
        }

        segments.Insert(0, culture);
        return "/" + string.Join('/', segments) + query.Value;
    }

    /// <summary>The first path segment; for a re-executed error page, the segment of the page that failed.</summary>
    private sealed class PathCultureProvider : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var path = httpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
                ?? httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path
                ?? httpContext.Request.Path.Value
                ?? string.Empty;
            var first = path.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return Task.FromResult(SiteLanguages.IsSupported(first) ? new ProviderCultureResult(first!) : null);
        }
    }
}

/// <summary>The admin area has no culture in its URLs: it speaks the staff member's chosen language, kept in a cookie.</summary>
internal sealed class StaffCultureProvider : CookieRequestCultureProvider
{
    public StaffCultureProvider() => CookieName = Features.Admin.StaffAccounts.LanguageCookie;

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
        httpContext.Request.Path.StartsWithSegments(Features.Admin.StaffAccounts.AreaPath) ? base.DetermineProviderCultureResult(httpContext) : NullProviderCultureResult;
}

public sealed class SiteCultureRouteConstraint : IRouteConstraint
{
    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value) && SiteLanguages.IsSupported(value as string);
}
