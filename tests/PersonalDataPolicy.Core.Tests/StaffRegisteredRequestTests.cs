using PersonalDataPolicy.Requests;

namespace PersonalDataPolicy.Core.Tests;

/// <summary>Issue 15: requests staff register from the phone, paper and office channels, and the working days left before one is due.</summary>
public sealed class StaffRegisteredRequestTests
{
    private static readonly WorkingCalendar Kazakhstan = new(WorkingCalendar.KazakhstanFixedHolidays, [], []);

    private static readonly TimeZoneInfo Almaty = TimeZoneInfo.FindSystemTimeZoneById("Asia/Almaty");

    private static readonly DateTimeOffset Received = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(5));

    [Theory]
    [InlineData("2026-12-07", "2026-12-10", 3)] // Monday → Thursday
    [InlineData("2026-12-09", "2026-12-10", 1)]
    [InlineData("2026-12-10", "2026-12-10", 0)] // the last day itself
    [InlineData("2026-12-11", "2026-12-10", 0)] // past it
    [InlineData("2026-12-14", "2026-12-17", 2)] // Tue 15, Thu 17: Independence Day, Wednesday 16 December, is not counted
    [InlineData("2026-12-04", "2026-12-07", 1)] // Friday → Monday: the weekend is not counted
    public void Working_days_between_two_days_count_only_working_days_after_the_first(string from, string to, int expected) =>
        Assert.Equal(expected, Kazakhstan.WorkingDaysBetween(DateOnly.Parse(from), DateOnly.Parse(to)));

    [Fact]
    public void Working_days_left_are_counted_on_the_funds_clock()
    {
        var deadlines = new RequestDeadlines(new Dictionary<RequestType, DeadlineTerm> { [RequestType.Access] = new(3, DayKind.Working) }, Kazakhstan, Almaty);
        var due = deadlines.DueAt(RequestType.Access, Received);

        // 20:00 UTC on Tuesday is already Wednesday in Astana: one working day (Thursday) is left, not two.
        Assert.Equal(1, deadlines.WorkingDaysLeft(new DateTimeOffset(2026, 12, 8, 20, 0, 0, TimeSpan.Zero), due));
        Assert.Equal(2, deadlines.WorkingDaysLeft(new DateTimeOffset(2026, 12, 8, 18, 0, 0, TimeSpan.Zero), due));
    }

    [Theory]
    [InlineData(3, new[] { 5 })]
    [InlineData(2, new[] { 2, 5 })]
    [InlineData(1, new[] { 2, 5 })]
    [InlineData(0, new[] { 2, 5 })]
    public void The_thresholds_crossed_are_those_at_or_above_the_days_left_nearest_first(int left, int[] expected) =>
        Assert.Equal(expected, DeadlineAlert.CrossedThresholds([5, 2], left));

    [Theory]
    [InlineData(RequestChannel.Phone, IdentityCheckMethod.CallbackToNumberOnRecord, true)]
    [InlineData(RequestChannel.Phone, IdentityCheckMethod.DocumentShownInPerson, false)]
    [InlineData(RequestChannel.Paper, IdentityCheckMethod.DocumentShownInPerson, false)]
    [InlineData(RequestChannel.Paper, IdentityCheckMethod.ConfirmedFromEmailOnRecord, true)]
    [InlineData(RequestChannel.InPerson, IdentityCheckMethod.DocumentShownInPerson, true)]
    [InlineData(RequestChannel.InPerson, IdentityCheckMethod.DocumentNumberLastDigitsSeen, true)]
    [InlineData(RequestChannel.Web, IdentityCheckMethod.ConfirmedFromEmailOnRecord, false)]
    public void A_document_can_be_shown_only_in_person_and_only_staff_channels_take_a_check(RequestChannel channel, IdentityCheckMethod method, bool suits) =>
        Assert.Equal(suits, new IdentityCheck(method, "staff-1", Received).SuitsChannel(channel));

    [Fact]
    public void A_staff_registered_request_keeps_who_registered_it_and_refuses_a_check_before_it_arrived_or_a_site_channel()
    {
        var check = new IdentityCheck(IdentityCheckMethod.CallbackToNumberOnRecord, "staff-1", Received.AddMinutes(20));

        var request = DataSubjectRequest.ReceivedByStaff(Guid.NewGuid(), RequestType.Block, RequestChannel.Phone, Received, Received.AddDays(1), check, "staff-2");

        Assert.Equal((RequestChannel.Phone, "staff-2", check, RequestStatus.New), (request.Channel, request.RegisteredBy, request.IdentityCheck, request.Status));
        Assert.Throws<ArgumentException>(() => DataSubjectRequest.ReceivedByStaff(Guid.NewGuid(), RequestType.Block, RequestChannel.Phone, Received, Received.AddDays(1),
            check with { CheckedAt = Received.AddMinutes(-1) }, "staff-2"));
        Assert.Throws<ArgumentException>(() => DataSubjectRequest.ReceivedByStaff(Guid.NewGuid(), RequestType.Block, RequestChannel.Web, Received, Received.AddDays(1), check, "staff-2"));
    }

    [Fact]
    public void The_due_date_cannot_be_moved_because_law_94_v_allows_no_extension()
    {
        var dueAt = typeof(DataSubjectRequest).GetProperty(nameof(DataSubjectRequest.DueAt))!;
        var methods = typeof(DataSubjectRequest).GetMethods().Select(m => m.Name).ToList();

        Assert.False(dueAt.SetMethod!.IsPublic);
        Assert.DoesNotContain(methods, name => name.Contains("Extend", StringComparison.OrdinalIgnoreCase) || name.Contains("Postpone", StringComparison.OrdinalIgnoreCase));
    }
}
