namespace PersonalDataPolicy.Web.Features.Admin.Compliance;

/// <summary>A filter's "from" and "to" days as UTC instants: from the start of the first day to the end of the last.</summary>
public static class DateRange
{
    public static DateTimeOffset? Start(DateOnly? from) => from is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    public static DateTimeOffset? EndExclusive(DateOnly? to) => to is { } day ? new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
}
