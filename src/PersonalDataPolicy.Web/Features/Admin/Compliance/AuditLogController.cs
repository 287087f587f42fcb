using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;

namespace PersonalDataPolicy.Web.Features.Admin.Compliance;

/// <summary>Who looked at whose data and why: the audit log, filterable and exportable, for compliance officers.</summary>
[Route("admin/audit")]
[Authorize(Policy = StaffAccounts.Compliance)]
public sealed class AuditLogController(AppDbContext db, UserManager<StaffUser> users, AuditTrail audit) : AdminController
{
    private static readonly string[] Header = ["AtUtc", "StaffUserId", "StaffEmail", "Action", "SubjectId", "Page", "Purpose", "Details"];

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] AuditFilter filter, CancellationToken cancellationToken)
    {
        var rows = await Filtered(filter).OrderByDescending(e => e.At).Take(300).ToListAsync(cancellationToken);
        return View("AuditLog", new AuditLogViewModel(filter, rows, await StaffAsync(cancellationToken)));
    }

    [HttpGet("audit.csv")]
    public async Task<IActionResult> Export([FromQuery] AuditFilter filter, CancellationToken cancellationToken)
    {
        audit.Record(AuditAction.ExportedAuditLog, filter.Subject, AccessPurpose.ComplianceReview, filter.Describe());
        await db.SaveChangesAsync(cancellationToken);
        var staff = await StaffAsync(cancellationToken);
        await CsvDownload.StreamAsync(Response, "audit-log", Header, Filtered(filter).OrderBy(e => e.At).AsAsyncEnumerable(), e =>
        [
            CsvDownload.Utc(e.At), e.StaffUserId, staff.GetValueOrDefault(e.StaffUserId) ?? string.Empty, e.Action.ToString(),
            e.SubjectId?.ToString("D") ?? string.Empty, e.Page, e.Purpose?.ToString() ?? string.Empty, e.Details ?? string.Empty,
        ], cancellationToken);
        return new EmptyResult();
    }

    private Task<Dictionary<string, string>> StaffAsync(CancellationToken cancellationToken) =>
        users.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Email ?? u.Id, cancellationToken);

    private IQueryable<AuditEntry> Filtered(AuditFilter filter)
    {
        var query = db.AuditLog.AsNoTracking();
        if (filter.Action is { } action)
        {
            query = query.Where(e => e.Action == action);
        }

        if (filter.Subject is { } subject)
        {
            query = query.Where(e => e.SubjectId == subject);
        }

        if (!string.IsNullOrEmpty(filter.Staff))
        {
            query = query.Where(e => e.StaffUserId == filter.Staff);
        }

        if (DateRange.Start(filter.From) is { } start)
        {
            query = query.Where(e => e.At >= start);
        }

        if (DateRange.EndExclusive(filter.To) is { } end)
        {
            query = query.Where(e => e.At < end);
        }

        return query;
    }
}

public sealed class AuditFilter
{
    /// <summary>Sent as <c>What</c>: a query key <c>action</c> is MVC's own route value and would not survive link generation.</summary>
    [FromQuery(Name = FilterValues.What)]
    public AuditAction? Action { get; set; }
    public Guid? Subject { get; set; }
    public string? Staff { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }

    /// <summary>The filter for the audit log of an export: the staff id, never an address.</summary>
    public string Describe() => string.Join(", ", new[]
    {
        Action?.ToString(), string.IsNullOrEmpty(Staff) ? null : $"staff {Staff}",
        From is { } f ? $"from {f:yyyy-MM-dd}" : null, To is { } t ? $"to {t:yyyy-MM-dd}" : null,
    }.Where(x => x is not null)) is { Length: > 0 } described ? described : "all";

    /// <summary>The filter as route values, so a link (the CSV export) carries it exactly as the form sent it.</summary>
    public Dictionary<string, string> RouteValues() => FilterValues.Of(
        (FilterValues.What, Action?.ToString()), (nameof(Subject), Subject?.ToString()), (nameof(Staff), Staff),
        (nameof(From), FilterValues.Date(From)), (nameof(To), FilterValues.Date(To)));
}

public sealed record AuditLogViewModel(AuditFilter Filter, IReadOnlyList<AuditEntry> Rows, IReadOnlyDictionary<string, string> Staff);
