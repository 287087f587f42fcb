using PersonalDataPolicy.Requests;

namespace PersonalDataPolicy.Core.Tests;

/// <summary>
/// Issue 15: the breach clock and the request terms count working days. The calendar computed from the fixed holidays,
/// the weekend moves and the configured Kurban Ait must give the weekday days off of 2026 as the official calendar
/// published on egov.kz (reported by alau.kz, 02.01.2026, and mgorod.kz): no other weekday is a day off.
/// </summary>
public sealed class WorkingCalendar2026Tests
{
    [Fact]
    public void The_weekday_days_off_of_2026_are_those_of_the_official_calendar()
    {
        var calendar = new WorkingCalendar(WorkingCalendar.KazakhstanFixedHolidays, [new DateOnly(2026, 5, 27)], []);
        DateOnly[] official =
        [
            new(2026, 1, 1), new(2026, 1, 2), new(2026, 1, 7), new(2026, 3, 9), new(2026, 3, 23), new(2026, 3, 24), new(2026, 3, 25),
            new(2026, 5, 1), new(2026, 5, 7), new(2026, 5, 11), new(2026, 5, 27), new(2026, 7, 6), new(2026, 8, 31), new(2026, 10, 26), new(2026, 12, 16),
        ];

        var computed = Enumerable.Range(0, 365).Select(d => new DateOnly(2026, 1, 1).AddDays(d))
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !calendar.IsWorkingDay(d));

        Assert.Equal(official, computed);
    }
}
