using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Web.Features.Ledger;

namespace PersonalDataPolicy.Web.Features.Admin.Compliance;

/// <summary>
/// The consent ledger as history, for compliance officers: filters, totals, a CSV export that streams row by row
/// (a million events never sit in memory), and the verification of the whole hash chain against its last signed checkpoint.
/// </summary>
[Route("admin")]
[Authorize(Policy = StaffAccounts.Compliance)]
public sealed class ConsentHistoryController(AppDbContext db, AuditTrail audit, VerifyLedgerHandler ledger) : AdminController
{
    private const int PageSize = 200;

    [HttpGet("consents")]
    public async Task<IActionResult> Index([FromQuery] ConsentFilter filter, CancellationToken cancellationToken)
    {
        var query = Filtered(filter);
        var totals = await query.GroupBy(e => new { e.Purpose, e.Action }).Select(g => new ConsentTotal(g.Key.Purpose, g.Key.Action, g.Count())).ToListAsync(cancellationToken);
        var rows = await query.OrderByDescending(e => e.Sequence).Take(PageSize).ToListAsync(cancellationToken);
        return View(new ConsentHistoryViewModel(filter, totals, rows, PageSize));
    }

    [HttpGet("consents.csv")]
    public async Task<IActionResult> Export([FromQuery] ConsentFilter filter, CancellationToken cancellationToken)
    {
        audit.Record(AuditAction.ExportedConsentHistory, filter.Subject, AccessPurpose.ComplianceReview, filter.Describe());
        await db.SaveChangesAsync(cancellationToken);

        await CsvDownload.StreamAsync(Response, "consent-history", ConsentCsv.Header,
            Filtered(filter).OrderBy(e => e.Sequence).AsAsyncEnumerable(), ConsentCsv.Fields, cancellationToken);
        return new EmptyResult();
    }

    [HttpGet("ledger")]
    public async Task<IActionResult> Ledger(CancellationToken cancellationToken) =>
        View(new LedgerPageViewModel(await ledger.LastCheckpointAsync(cancellationToken), await LedgerAlert.CurrentAsync(db, cancellationToken), null, TimeSpan.Zero));

    [HttpPost("ledger")]
    public async Task<IActionResult> Verify(CancellationToken cancellationToken)
    {
        var staffId = User.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("A verification needs a signed-in staff member.");
        var timer = Stopwatch.StartNew();
        var result = await ledger.VerifyAndRecordAsync(staffId, Request.Path.Value ?? string.Empty, cancellationToken);
        timer.Stop();
        return View("Ledger", new LedgerPageViewModel(result.Checkpoint, null, result, timer.Elapsed));
    }

    private IQueryable<ConsentEvent> Filtered(ConsentFilter filter)
    {
        var query = db.ConsentEvents.AsNoTracking();
        if (filter.Purpose is { } purpose)
        {
            query = query.Where(e => e.Purpose == purpose);
        }

        if (filter.Action is { } action)
        {
            query = query.Where(e => e.Action == action);
        }

        if (filter.PolicyVersion is { } version)
        {
            query = query.Where(e => e.PolicyVersion == version);
        }

        if (filter.Channel is { } channel)
        {
            query = query.Where(e => e.Channel == channel);
        }

        if (filter.Subject is { } subject)
        {
            query = query.Where(e => e.SubjectId == subject);
        }

        if (DateRange.Start(filter.From) is { } start)
        {
            query = query.Where(e => e.OccurredAt >= start);
        }

        if (DateRange.EndExclusive(filter.To) is { } end)
        {
            query = query.Where(e => e.OccurredAt < end);
        }

        return query;
    }
}

public sealed class ConsentFilter
{
    public ConsentPurpose? Purpose { get; set; }

    /// <summary>Sent as <c>What</c>: a query key <c>action</c> is MVC's own route value and would not survive link generation.</summary>
    [FromQuery(Name = FilterValues.What)]
    public ConsentAction? Action { get; set; }
    public int? PolicyVersion { get; set; }
    public ConsentChannel? Channel { get; set; }
    public Guid? Subject { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }

    public string Describe() => string.Join(", ", new[]
    {
        Purpose?.ToString(), Action?.ToString(), PolicyVersion is { } v ? $"version {v}" : null, Channel?.ToString(),
        From is { } f ? $"from {f:yyyy-MM-dd}" : null, To is { } t ? $"to {t:yyyy-MM-dd}" : null,
    }.Where(x => x is not null)) is { Length: > 0 } described ? described : "all";

    /// <summary>The filter as route values, so a link (the CSV export) carries it exactly as the form sent it.</summary>
    public Dictionary<string, string> RouteValues() => FilterValues.Of(
        (nameof(Purpose), Purpose?.ToString()), (FilterValues.What, Action?.ToString()), (nameof(PolicyVersion), PolicyVersion?.ToString(CultureInfo.InvariantCulture)),
        (nameof(Channel), Channel?.ToString()), (nameof(Subject), Subject?.ToString()), (nameof(From), FilterValues.Date(From)), (nameof(To), FilterValues.Date(To)));
}

public sealed record ConsentTotal(ConsentPurpose Purpose, ConsentAction Action, int Count);

public sealed record ConsentHistoryViewModel(ConsentFilter Filter, IReadOnlyList<ConsentTotal> Totals, IReadOnlyList<ConsentEvent> Rows, int PageSize);

/// <summary>The last signed checkpoint, and either the alert of the last recorded verification or a verification just run against it.</summary>
public sealed record LedgerPageViewModel(LedgerCheckpoint? LastCheckpoint, LedgerAlert? Alert, LedgerVerification? Result, TimeSpan Elapsed);

/// <summary>One CSV line per event, as stored, with its hashes so the file can be checked on its own.</summary>
public static class ConsentCsv
{
    public static readonly string[] Header =
        ["Sequence", "OccurredAtUtc", "SubjectId", "Purpose", "Action", "PolicyVersion", "PolicySha256", "Language", "Channel", "Wording", "ReceiptId", "PreviousHash", "Hash"];

    public static string[] Fields(ConsentEvent e) =>
    [
        e.Sequence.ToString(CultureInfo.InvariantCulture), CsvDownload.Utc(e.OccurredAt), e.SubjectId.ToString("D"),
        e.Purpose.ToString(), e.Action.ToString(), e.PolicyVersion.ToString(CultureInfo.InvariantCulture), e.PolicyTextSha256, e.Language,
        e.Channel.ToString(), e.Wording, e.ReceiptId ?? string.Empty, e.PreviousHash, e.Hash,
    ];
}
