using System.Globalization;

namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>Dates as people write them in each language, without the weekday the long patterns add.</summary>
public static class SiteDates
{
    public static string Format(DateOnly date) => date.ToString(Pattern, CultureInfo.CurrentCulture);

    public static string Format(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString(Pattern + " HH:mm 'UTC'", CultureInfo.CurrentCulture);

    private static string Pattern => CultureInfo.CurrentCulture.TwoLetterISOLanguageName switch
    {
        SiteLanguages.Kazakh => "yyyy 'ж.' d MMMM",
        SiteLanguages.Russian => "d MMMM yyyy 'г.'",
        _ => "d MMMM yyyy",
    };
}
