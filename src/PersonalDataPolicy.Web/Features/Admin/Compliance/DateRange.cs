using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Admin.Compliance;

/// <summary>
/// A filter's "from" and "to" days as instants: from the start of the first day to the end of the last, on the
/// fund's clock — the days staff see on every page.
/// </summary>
public static class DateRange
{
    public static DateTimeOffset? Start(DateOnly? from) => from is { } day ? StartOf(day) : null;

    public static DateTimeOffset? EndExclusive(DateOnly? to) => to is { } day ? StartOf(day.AddDays(1)) : null;

    private static DateTimeOffset StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, SiteDates.FundTimeZone.GetUtcOffset(midnight)).ToUniversalTime();
    }
}
