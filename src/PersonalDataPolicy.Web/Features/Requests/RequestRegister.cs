using Microsoft.Extensions.Options;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Requests;

namespace PersonalDataPolicy.Web.Features.Requests;

/// <summary>Opens data-subject requests with their legal due date, in the caller's unit of work.</summary>
public sealed class RequestRegister(AppDbContext db, RequestDeadlines deadlines, TimeProvider clock)
{
    public DataSubjectRequest Open(Guid subjectId, RequestType type, RequestChannel channel)
    {
        var now = clock.GetUtcNow();
        var request = new DataSubjectRequest(subjectId, type, channel, now, deadlines.DueAt(type, now));
        db.Requests.Add(request);
        return request;
    }

    /// <summary>A request staff took by phone, on paper or in person: the term runs from the day it was received, not the day it was typed in.</summary>
    public DataSubjectRequest OpenReceivedByStaff(Guid subjectId, RequestType type, RequestChannel channel, DateTimeOffset receivedAt, IdentityCheck identityCheck, string staffUserId)
    {
        var request = DataSubjectRequest.ReceivedByStaff(subjectId, type, channel, receivedAt, deadlines.DueAt(type, receivedAt), identityCheck, staffUserId);
        db.Requests.Add(request);
        return request;
    }

    /// <summary>A request carried out at once (a self-service action on the site).</summary>
    public DataSubjectRequest Completed(Guid subjectId, RequestType type, RequestChannel channel)
    {
        var request = Open(subjectId, type, channel);
        request.Complete(clock.GetUtcNow());
        return request;
    }

    /// <summary>The deadline table and calendar from configuration; registered once as a singleton.</summary>
    public static RequestDeadlines Build(IOptions<RequestOptions> options)
    {
        var o = options.Value;
        var calendar = new WorkingCalendar(WorkingCalendar.KazakhstanFixedHolidays, o.ExtraDaysOff, o.ExtraWorkingDays);
        return new RequestDeadlines(o.Deadlines, calendar, TimeZoneInfo.FindSystemTimeZoneById(o.TimeZone));
    }
}
