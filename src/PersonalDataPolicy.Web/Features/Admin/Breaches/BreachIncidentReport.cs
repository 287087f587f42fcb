using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Web.Features.Admin.Compliance;
using PersonalDataPolicy.Web.Features.Admin.Reports;

namespace PersonalDataPolicy.Web.Features.Admin.Breaches;

/// <summary>The register's side of the reports' seam: breaches per month of discovery (Astana months), people affected, notified in time.</summary>
public sealed class BreachIncidentReport(AppDbContext db) : IIncidentReport
{
    public async Task<IReadOnlyList<IncidentMonthRow>?> PerMonthAsync(ReportMonth first, ReportMonth last, CancellationToken cancellationToken)
    {
        var since = DateRange.Start(first.FirstDay)!.Value;
        var until = DateRange.Start(last.FirstDay.AddMonths(1))!.Value;
        var incidents = await db.BreachIncidents.AsNoTracking().Where(i => i.DiscoveredAt >= since && i.DiscoveredAt < until)
            .Select(i => new { i.DiscoveredAt, i.SubjectCount, i.AuthorityNotifiedAt, i.NotifyAuthorityBy }).ToListAsync(cancellationToken);
        return incidents.GroupBy(i => ReportMonth.Of(i.DiscoveredAt)).OrderBy(g => g.Key.Number)
            .Select(g => new IncidentMonthRow(g.Key, g.Count(), g.Sum(i => i.SubjectCount), g.Count(i => i.AuthorityNotifiedAt <= i.NotifyAuthorityBy)))
            .ToList();
    }
}
