using System.Globalization;
using Microsoft.AspNetCore.Http;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Shared;

/// <summary>What every page's chrome needs to know about the request.</summary>
public static class SitePage
{
    public const string DisplayCookie = "display-mode";
    public const string AccessibleMode = "accessible";

    public static string Culture => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    /// <summary>The version for the visually impaired, remembered in a cookie so it works without JavaScript.</summary>
    public static bool IsAccessibleMode(HttpContext context) => context.Request.Cookies[DisplayCookie] == AccessibleMode;

    public static string PathIn(HttpContext context, string culture)
    {
        var path = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>()?.OriginalPath is { } original
            ? new PathString(original)
            : context.Request.Path;
        return Localization.SwitchCulture(path, context.Request.QueryString, culture);
    }

    public static string NativeName(string culture) => culture switch
    {
        SiteLanguages.Kazakh => "Қазақша",
        SiteLanguages.Russian => "Русский",
        _ => "English",
    };
}
