namespace PersonalDataPolicy.Requests;

/// <summary>A holiday on the same date every year; most move to the next working day when they fall on a weekend.</summary>
public sealed record FixedHoliday(int Month, int Day, bool MovesOffWeekend = true);

/// <summary>
/// Working days in Kazakhstan: Monday to Friday except public holidays. A holiday that falls on a weekend
/// makes the next working day a day off (Law "On holidays in the RK" art. 5), except Orthodox Christmas and
/// Kurban Ait (Labour Code art. 84 p. 5). Kurban Ait and the government's yearly transfers of days off are
/// given as dates (configuration), since they change every year.
/// </summary>
public sealed class WorkingCalendar
{
    /// <summary>Fixed-date public holidays and days off (Law "On holidays in the Republic of Kazakhstan", as amended in 2022).</summary>
    public static readonly IReadOnlyList<FixedHoliday> KazakhstanFixedHolidays =
    [
        new(1, 1), new(1, 2), new(1, 7, MovesOffWeekend: false), new(3, 8), new(3, 21), new(3, 22), new(3, 23),
        new(5, 1), new(5, 7), new(5, 9), new(7, 6), new(8, 30), new(10, 25), new(12, 16),
    ];

    private readonly IReadOnlyList<FixedHoliday> _fixedHolidays;
    private readonly HashSet<DateOnly> _extraDaysOff;
    private readonly HashSet<DateOnly> _extraWorkingDays;
    private readonly Dictionary<int, HashSet<DateOnly>> _daysOffByYear = [];

    public WorkingCalendar(IEnumerable<FixedHoliday> fixedHolidays, IEnumerable<DateOnly> extraDaysOff, IEnumerable<DateOnly> extraWorkingDays)
    {
        _fixedHolidays = fixedHolidays.ToList();
        _extraDaysOff = extraDaysOff.ToHashSet();
        _extraWorkingDays = extraWorkingDays.ToHashSet();
    }

    public bool IsWorkingDay(DateOnly day)
    {
        if (_extraWorkingDays.Contains(day))
        {
            return true;
        }

        return day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !DaysOff(day.Year).Contains(day);
    }

    /// <summary>The day that is <paramref name="workingDays"/> working days after <paramref name="start"/> (the start day itself not counted).</summary>
    public DateOnly AddWorkingDays(DateOnly start, int workingDays)
    {
        var day = start;
        for (var counted = 0; counted < workingDays;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }

        return day;
    }

    /// <summary>How many working days come after <paramref name="from"/> up to and including <paramref name="to"/>; 0 when <paramref name="to"/> is not later.</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }

        return count;
    }

    private HashSet<DateOnly> DaysOff(int year)
    {
        if (_daysOffByYear.TryGetValue(year, out var cached))
        {
            return cached;
        }

        var daysOff = _extraDaysOff.Where(d => d.Year == year).ToHashSet();
        foreach (var fixedHoliday in _fixedHolidays.OrderBy(h => h.Month).ThenBy(h => h.Day))
        {
            var holiday = new DateOnly(year, fixedHoliday.Month, fixedHoliday.Day);
            daysOff.Add(holiday);
            if (fixedHoliday.MovesOffWeekend && holiday.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                // The next day that is neither a weekend nor already a holiday becomes a day off.
                var moved = holiday.AddDays(1);
                while (moved.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || daysOff.Contains(moved) || IsFixedHoliday(moved))
                {
                    moved = moved.AddDays(1);
                }

                daysOff.Add(moved);
            }
        }

        lock (_daysOffByYear)
        {
            _daysOffByYear[year] = daysOff;
        }

        return daysOff;
    }

    private bool IsFixedHoliday(DateOnly day) => _fixedHolidays.Any(h => h.Month == day.Month && h.Day == day.Day);
}
