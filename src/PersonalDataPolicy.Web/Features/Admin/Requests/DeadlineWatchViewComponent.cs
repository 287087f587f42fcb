using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Web.Features.Requests;

namespace PersonalDataPolicy.Web.Features.Admin.Requests;

/// <summary>
/// The dashboard's list of open requests that are overdue or due within the largest warning threshold
/// (Requests:WarnWorkingDaysBefore working days), nearest deadline first. Lists no personal data.
/// </summary>
public sealed class DeadlineWatchViewComponent(AppDbContext db, RequestDeadlines deadlines, IOptions<RequestOptions> options, UserManager<StaffUser> users, TimeProvider clock)
    : ViewComponent
{
    private const int MaxRows = 100;

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var now = clock.GetUtcNow();
        var horizon = options.Value.WarnWorkingDaysBefore.DefaultIfEmpty(0).Max();
        var until = deadlines.EndOfTerm(now, new DeadlineTerm(horizon, DayKind.Working));
        var rows = await db.Requests.AsNoTracking()
            .Where(r => (r.Status == RequestStatus.New || r.Status == RequestStatus.InProgress) && r.DueAt <= until)
            .OrderBy(r => r.DueAt).Take(MaxRows)
            .ToListAsync(HttpContext.RequestAborted);
        var assigned = rows.Select(r => r.AssignedTo).OfType<string>().Distinct().ToList();
        var names = await users.Users.AsNoTracking().Where(u => assigned.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, HttpContext.RequestAborted);
        return View("/Features/Admin/Requests/_DeadlineWatch.cshtml", new DeadlineWatchModel(
            rows.Where(r => r.DueAt < now).ToList(),
            rows.Where(r => r.DueAt >= now).Select(r => (r, deadlines.WorkingDaysLeft(now, r.DueAt))).ToList(),
            names, horizon));
    }
}

public sealed record DeadlineWatchModel(IReadOnlyList<DataSubjectRequest> Overdue, IReadOnlyList<(DataSubjectRequest Request, int WorkingDaysLeft)> DueSoon,
    IReadOnlyDictionary<string, string> StaffNames, int Horizon);
