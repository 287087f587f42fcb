using PersonalDataPolicy.Requests;

namespace PersonalDataPolicy.Core.Tests;

public sealed class DeadlineTests
{
    private static readonly WorkingCalendar Kazakhstan = new(WorkingCalendar.KazakhstanFixedHolidays, [new DateOnly(2026, 5, 27)], [new DateOnly(2026, 1, 3)]);

    private static readonly TimeZoneInfo Almaty = TimeZoneInfo.FindSystemTimeZoneById("Asia/Almaty");

    [Theory]
    [InlineData("2026-11-26", 1, "2026-11-27")] // Thursday → Friday
    [InlineData("2026-11-27", 1, "2026-11-30")] // Friday → Monday, over the weekend
    [InlineData("2026-11-28", 3, "2026-12-02")] // received on a Saturday: Mon, Tue, Wed
    [InlineData("2026-03-20", 1, "2026-03-26")] // Nauryz 21–23 March (Sat–Mon); Sat and Sun move to Tue 24 and Wed 25
    [InlineData("2026-12-15", 1, "2026-12-17")] // Independence Day, Wednesday 16 December
    [InlineData("2026-05-26", 1, "2026-05-28")] // Kurban Ait 27 May 2026, configured for the year
    [InlineData("2026-07-03", 1, "2026-07-07")] // Capital Day, Monday 6 July
    [InlineData("2026-10-23", 1, "2026-10-27")] // Republic Day, Sunday 25 October → Monday 26 off
    [InlineData("2026-12-31", 1, "2027-01-05")] // New Year 1–2 January 2027 (Fri–Sat): Saturday moves to Monday 4th
    public void Working_days_skip_weekends_and_the_public_holidays_of_kazakhstan(string start, int days, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), Kazakhstan.AddWorkingDays(DateOnly.Parse(start), days));
    }

    [Fact]
    public void Orthodox_christmas_on_a_weekend_does_not_move()
    {
        // 7 January 2024 was a Sunday: Monday 8 January was an ordinary working day.
        var calendar = new WorkingCalendar(WorkingCalendar.KazakhstanFixedHolidays, [], []);

        Assert.True(calendar.IsWorkingDay(new DateOnly(2024, 1, 8)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 1, 7)));
    }

    [Fact]
    public void A_decreed_working_saturday_counts_and_a_decreed_day_off_does_not()
    {
        Assert.True(Kazakhstan.IsWorkingDay(new DateOnly(2026, 1, 3)));
        Assert.False(Kazakhstan.IsWorkingDay(new DateOnly(2026, 5, 27)));
    }

    [Fact]
    public void A_due_date_is_the_end_of_the_last_day_in_kazakhstan_not_in_utc()
    {
        var deadlines = new RequestDeadlines(new Dictionary<RequestType, DeadlineTerm> { [RequestType.Access] = new(3, DayKind.Working) }, Kazakhstan, Almaty);

        // 20:30 UTC on Thursday 26 November is already Friday 27 November in Almaty (UTC+5).
        var due = deadlines.DueAt(RequestType.Access, new DateTimeOffset(2026, 11, 26, 20, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 12, 2, 23, 59, 59, Almaty.GetUtcOffset(new DateTime(2026, 12, 2))), due);
    }

    [Fact]
    public void Calendar_days_count_every_day()
    {
        var deadlines = new RequestDeadlines(new Dictionary<RequestType, DeadlineTerm> { [RequestType.Update] = new(10, DayKind.Calendar) }, Kazakhstan, Almaty);

        var due = deadlines.DueAt(RequestType.Update, new DateTimeOffset(2026, 12, 10, 6, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 12, 20), DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(due, Almaty).DateTime));
    }

    [Fact]
    public void A_request_type_without_a_configured_term_is_an_error_not_a_silent_default()
    {
        var deadlines = new RequestDeadlines(new Dictionary<RequestType, DeadlineTerm>(), Kazakhstan, Almaty);

        Assert.Throws<InvalidOperationException>(() => deadlines.DueAt(RequestType.Withdraw, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void An_open_request_past_its_due_date_is_marked_overdue_once_and_a_completed_one_never()
    {
        var received = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var open = new DataSubjectRequest(Guid.NewGuid(), RequestType.Access, RequestChannel.Email, received, received.AddDays(3));
        var done = new DataSubjectRequest(Guid.NewGuid(), RequestType.Access, RequestChannel.Email, received, received.AddDays(3));
        done.Complete(received.AddDays(1));

        Assert.False(open.MarkOverdueIfLate(received.AddDays(2)));
        Assert.True(open.MarkOverdueIfLate(received.AddDays(4)));
        Assert.False(open.MarkOverdueIfLate(received.AddDays(5)));
        Assert.True(open.IsOverdue);
        Assert.False(done.MarkOverdueIfLate(received.AddDays(4)));
    }
}
