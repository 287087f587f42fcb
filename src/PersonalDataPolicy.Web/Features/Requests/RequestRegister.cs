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
