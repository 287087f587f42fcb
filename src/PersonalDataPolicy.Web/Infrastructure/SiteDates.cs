using System.Globalization;

namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>
/// Dates as people write them in each language, without the weekday the long patterns add; moments on the fund's
/// clock (<c>Requests:TimeZone</c>), with the zone's name and offset. Stored values stay UTC.
/// </summary>
public static class SiteDates
{
    private const string AstanaZone = "Asia/Almaty";

    /// <summary>Set once at start from the validated options; views and mails read it without a service.</summary>
    public static TimeZoneInfo FundTimeZone { get; private set; } = TimeZoneInfo.FindSystemTimeZoneById(AstanaZone);

    public static void UseFundTimeZone(TimeZoneInfo zone) => FundTimeZone = zone;

    /// <summary>The day it is on the fund's clock: a policy takes effect, and a day's count closes, at midnight in Astana.</summary>
    public static DateOnly Today(TimeProvider clock) => DayOf(clock.GetUtcNow());

    public static DateTime Now(TimeProvider clock) => TimeZoneInfo.ConvertTime(clock.GetUtcNow(), FundTimeZone).DateTime;

    public static DateOnly DayOf(DateTimeOffset moment) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, FundTimeZone).DateTime);

    /// <summary>A day and time as staff read them off the fund's clock, as an instant.</summary>
    public static DateTimeOffset AtFundTime(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time);
        return new DateTimeOffset(local, FundTimeZone.GetUtcOffset(local)).ToUniversalTime();
    }

    public static string Format(DateOnly date) => date.ToString(Pattern, CultureInfo.CurrentCulture);

    public static string Format(DateTimeOffset moment)
    {
        var local = TimeZoneInfo.ConvertTime(moment, FundTimeZone);
        var offset = local.ToString("zzz", CultureInfo.InvariantCulture);
        var zone = ZoneName is { } name ? $"{name}, UTC{offset}" : $"UTC{offset}";
        return $"{Format(DateOnly.FromDateTime(local.DateTime))}, {local.ToString("HH:mm", CultureInfo.InvariantCulture)} ({zone})";
    }

    private static string Pattern => CultureInfo.CurrentCulture.TwoLetterISOLanguageName switch
    {
        SiteLanguages.Kazakh => "yyyy 'ж.' d MMMM",
        SiteLanguages.Russian => "d MMMM yyyy 'г.'",
        _ => "d MMMM yyyy",
    };

    // Kazakhstan has kept one time zone since 1 March 2024, which people call Astana time; another configured
    // zone is shown by its offset alone.
    private static string? ZoneName => FundTimeZone.Id != AstanaZone ? null : CultureInfo.CurrentCulture.TwoLetterISOLanguageName switch
    {
        SiteLanguages.Kazakh => "Астана уақыты",
        SiteLanguages.Russian => "время Астаны",
        _ => "Astana time",
    };
}
