using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Requests;

namespace PersonalDataPolicy.Web.Features.Admin.Dashboard;

/// <summary>What needs attention: open requests by type and status, and how many are past their legal deadline.</summary>
[Route("admin")]
public sealed class DashboardController(AppDbContext db) : AdminController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var open = await db.Requests.AsNoTracking()
            .Where(r => r.Status == RequestStatus.New || r.Status == RequestStatus.InProgress)
            .GroupBy(r => new { r.Type, r.Status })
            .Select(g => new OpenRequestCount(g.Key.Type, g.Key.Status, g.Count()))
            .ToListAsync(cancellationToken);
        var overdue = await db.Requests.CountAsync(r => r.IsOverdue && (r.Status == RequestStatus.New || r.Status == RequestStatus.InProgress), cancellationToken);
        return View(new DashboardViewModel(open, overdue));
    }
}

public sealed record OpenRequestCount(RequestType Type, RequestStatus Status, int Count);

public sealed record DashboardViewModel(IReadOnlyList<OpenRequestCount> Open, int Overdue);
