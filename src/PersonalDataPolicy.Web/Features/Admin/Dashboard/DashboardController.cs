using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Breaches;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Web.Features.Ledger;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Admin.Dashboard;

/// <summary>What needs attention: a consent ledger that failed verification, open breaches and their clocks, open requests by type and status, and how many are past their legal deadline.</summary>
[Route("admin")]
public sealed class DashboardController(AppDbContext db, TimeProvider clock) : AdminController
{
    private const int Days = 90;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var open = await db.Requests.AsNoTracking()
            .Where(r => r.Status == RequestStatus.New || r.Status == RequestStatus.InProgress)
            .GroupBy(r => new { r.Type, r.Status })
            .Select(g => new OpenRequestCount(g.Key.Type, g.Key.Status, g.Count()))
            .ToListAsync(cancellationToken);
        var overdue = await db.Requests.CountAsync(r => r.IsOverdue && (r.Status == RequestStatus.New || r.Status == RequestStatus.InProgress), cancellationToken);

        // 90 days of activity; only timestamps are read, never personal data.
        var today = SiteDates.Today(clock);
        var firstDay = today.AddDays(-(Days - 1));
        var since = new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var consents = await db.ConsentEvents.AsNoTracking().Where(e => e.OccurredAt >= since).Select(e => new { e.Action, e.OccurredAt }).ToListAsync(cancellationToken);
        var appeals = await db.Appeals.AsNoTracking().Where(a => a.ReceivedAt >= since).Select(a => a.ReceivedAt).ToListAsync(cancellationToken);
        var monthAgo = today.AddDays(-29);
        var views = await db.PageViews.AsNoTracking().Where(v => v.Day >= monthAgo)
            .GroupBy(v => new { v.Page, v.Language, v.LowVision }).Select(g => new PageViewTotal(g.Key.Page, g.Key.Language, g.Key.LowVision, g.Sum(v => v.Count)))
            .ToListAsync(cancellationToken);
        var choices = await db.AnalyticsChoices.AsNoTracking().Where(c => c.Day >= monthAgo).ToListAsync(cancellationToken);
        // Issue 15: open breaches and their clocks, for those who may open the register.
        var breaches = User.IsInRole(StaffRoles.ComplianceOfficer) || User.IsInRole(StaffRoles.Administrator)
            ? await db.BreachIncidents.AsNoTracking().Where(i => i.ClosedAt == null).OrderBy(i => i.NotifyAuthorityBy).ToListAsync(cancellationToken)
            : [];
        return View(new DashboardViewModel(await LedgerAlert.CurrentAsync(db, cancellationToken), open, overdue, breaches, clock.GetUtcNow(), firstDay, views, choices.Where(c => c.Accepted).Sum(c => c.Count), choices.Where(c => !c.Accepted).Sum(c => c.Count),
            DailyChart.PerDay(consents.Where(c => c.Action == ConsentAction.Granted).Select(c => c.OccurredAt), firstDay, Days),
            DailyChart.PerDay(consents.Where(c => c.Action == ConsentAction.Withdrawn).Select(c => c.OccurredAt), firstDay, Days),
            DailyChart.PerDay(appeals, firstDay, Days)));
    }
}

public sealed record OpenRequestCount(RequestType Type, RequestStatus Status, int Count);

public sealed record PageViewTotal(string Page, string Language, bool LowVision, int Count);

public sealed record DashboardViewModel(LedgerAlert? LedgerAlert, IReadOnlyList<OpenRequestCount> Open, int Overdue, IReadOnlyList<BreachIncident> OpenBreaches, DateTimeOffset Now, DateOnly FirstDay, IReadOnlyList<PageViewTotal> PageViews,
    int StatisticsAllowed, int StatisticsRefused, int[] Granted, int[] Withdrawn, int[] Appeals);
