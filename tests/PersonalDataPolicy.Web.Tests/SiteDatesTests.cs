using System.Globalization;
using PersonalDataPolicy.Web.Features.Admin.Compliance;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>Times are shown on the fund's clock (Astana, UTC+5), with the zone named; stored values stay UTC.</summary>
public sealed class SiteDatesTests
{
    private static readonly DateTimeOffset LateEvening = new(2026, 11, 26, 20, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("ru", "27 ноября 2026 г., 01:30 (время Астаны, UTC+05:00)")]
    [InlineData("kk", "2026 ж. 27 қараша, 01:30 (Астана уақыты, UTC+05:00)")]
    [InlineData("en", "27 November 2026, 01:30 (Astana time, UTC+05:00)")]
    public void Moments_are_shown_in_astana_time_with_the_zone_named(string language, string expected)
    {
        using var culture = new CultureScope(language);

        Assert.Equal(expected, SiteDates.Format(LateEvening));
    }

    [Fact]
    public void The_day_changes_at_midnight_in_astana_not_in_utc()
    {
        Assert.Equal(new DateOnly(2026, 11, 27), SiteDates.DayOf(LateEvening));
        // A filter "from 27 November" starts at 19:00 UTC on the 26th.
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 19, 0, 0, TimeSpan.Zero), DateRange.Start(new DateOnly(2026, 11, 27)));
    }
}
