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

/// <summary>Numbers choose their words by each language's CLDR plural rules.</summary>
public sealed class PluralMessagesTests
{
    private const string RussianDays = "{0, plural, one {# рабочий день} few {# рабочих дня} many {# рабочих дней} other {# рабочего дня}}";

    [Theory]
    [InlineData(1, "1 рабочий день")]
    [InlineData(3, "3 рабочих дня")]
    [InlineData(15, "15 рабочих дней")]
    [InlineData(21, "21 рабочий день")]
    [InlineData(11, "11 рабочих дней")]
    public void Russian_picks_one_few_or_many(int days, string expected)
    {
        Assert.Equal(expected, PluralMessages.Expand(RussianDays, [days], CultureInfo.GetCultureInfo("ru")));
    }

    [Fact]
    public void Text_around_a_plural_block_and_other_placeholders_stay()
    {
        var text = PluralMessages.Expand("Within {0, plural, one {# day} other {# days}} of {1}.", [1, "x"], CultureInfo.GetCultureInfo("en"));

        Assert.Equal("Within 1 day of {1}.", text);
    }
}
