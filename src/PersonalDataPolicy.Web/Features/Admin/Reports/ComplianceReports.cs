using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Admin.Reports;

/// <summary>A calendar month on the fund's clock.</summary>
public readonly record struct ReportMonth(int Year, int Month)
{
    public static ReportMonth Of(DateTimeOffset moment) => Of(SiteDates.DayOf(moment));

    public static ReportMonth Of(DateOnly day) => new(day.Year, day.Month);

    public DateOnly FirstDay => new(Year, Month, 1);

    public ReportMonth Minus(int months) => Of(FirstDay.AddMonths(-months));

    /// <summary>Months counted from year 0, for ordering and comparing.</summary>
    public int Number => Year * 12 + Month - 1;

    /// <summary>As in the CSV and the chart: Excel reads "2026-03" as March 2026 in any regional setting.</summary>
    public override string ToString() => $"{Year:0000}-{Month:00}";
}

/// <summary>
/// Requests of one type received in one month. A request counts as decided once it is closed or its deadline has
/// passed; it was on time when it was closed by its deadline. The share is of the decided ones, so a month whose
/// requests are still within their deadline is not shown as late.
/// </summary>
public sealed record RequestMonthRow(ReportMonth Month, RequestType Type, int Received, int Closed, int Decided, int OnTime)
{
    public double? OnTimeShare => Decided == 0 ? null : OnTime / (double)Decided;
}

/// <summary>Open requests of one type whose age (calendar days since received) falls in a band.</summary>
public sealed record OpenAgeRow(AgeBand Band, RequestType Type, int Open, int Overdue);

/// <summary>Age bands of open requests, in calendar days since the request arrived.</summary>
public enum AgeBand
{
    UpTo7Days,
    From8To15Days,
    From16To30Days,
    Over30Days,
}

public sealed record ConsentMonthRow(ReportMonth Month, ConsentPurpose Purpose, int Granted, int Withdrawn);

/// <summary>The months of a report, oldest first, and the rows of each table.</summary>
public sealed record ComplianceReport(IReadOnlyList<ReportMonth> Months, IReadOnlyList<RequestMonthRow> Requests, IReadOnlyList<OpenAgeRow> OpenByAge,
    IReadOnlyList<ConsentMonthRow> Consents, IReadOnlyList<IncidentMonthRow>? Incidents);

/// <summary>
/// The figures of the compliance reports, counted from timestamps and types only (never personal data). Months and
/// ages are on the fund's clock: an event at 20:00 UTC on the last day of a month is in the next month in Astana.
/// Rows are read as a stream and counted, so a ledger of millions of events is never held in memory.
/// </summary>
public sealed class ComplianceReports(AppDbContext db, IIncidentReport incidents, TimeProvider clock)
{
    public const int DefaultMonths = 12;

    public async Task<ComplianceReport> BuildAsync(int monthCount, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var last = ReportMonth.Of(now);
        var first = last.Minus(monthCount - 1);
        var months = Enumerable.Range(0, monthCount).Select(i => first.Minus(-i)).ToList();
        var since = SinceStartOf(first);

        return new ComplianceReport(months, await RequestsAsync(since, first, now, cancellationToken), await OpenByAgeAsync(now, cancellationToken),
            await ConsentsAsync(since, first, cancellationToken), await incidents.PerMonthAsync(first, last, cancellationToken));
    }

    public static AgeBand BandOf(int days) => days switch
    {
        <= 7 => AgeBand.UpTo7Days,
        <= 15 => AgeBand.From8To15Days,
        <= 30 => AgeBand.From16To30Days,
        _ => AgeBand.Over30Days,
    };

    private static DateTimeOffset SinceStartOf(ReportMonth month)
    {
        var midnight = month.FirstDay.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, SiteDates.FundTimeZone.GetUtcOffset(midnight)).ToUniversalTime();
    }

    private async Task<List<RequestMonthRow>> RequestsAsync(DateTimeOffset since, ReportMonth first, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<(ReportMonth, RequestType), int[]>();
        var rows = db.Requests.AsNoTracking().Where(r => r.ReceivedAt >= since).Select(r => new { r.Type, r.ReceivedAt, r.DueAt, r.CompletedAt, r.Status });
        await foreach (var r in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var month = ReportMonth.Of(r.ReceivedAt);
            if (month.Number < first.Number)
            {
                continue;
            }

            var c = counts.TryGetValue((month, r.Type), out var found) ? found : counts[(month, r.Type)] = new int[4];
            var closed = r.Status is RequestStatus.Completed or RequestStatus.Rejected;
            c[0]++;
            c[1] += closed ? 1 : 0;
            c[2] += closed || now > r.DueAt ? 1 : 0;
            c[3] += closed && r.CompletedAt <= r.DueAt ? 1 : 0;
        }

        return [.. counts.Select(p => new RequestMonthRow(p.Key.Item1, p.Key.Item2, p.Value[0], p.Value[1], p.Value[2], p.Value[3])).OrderBy(r => r.Month.Number).ThenBy(r => r.Type)];
    }

    private async Task<List<OpenAgeRow>> OpenByAgeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = SiteDates.DayOf(now);
        var counts = new Dictionary<(AgeBand, RequestType), int[]>();
        var rows = db.Requests.AsNoTracking().Where(r => r.Status == RequestStatus.New || r.Status == RequestStatus.InProgress).Select(r => new { r.Type, r.ReceivedAt, r.DueAt });
        await foreach (var r in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var band = BandOf(today.DayNumber - SiteDates.DayOf(r.ReceivedAt).DayNumber);
            var c = counts.TryGetValue((band, r.Type), out var found) ? found : counts[(band, r.Type)] = new int[2];
            c[0]++;
            c[1] += now > r.DueAt ? 1 : 0;
        }

        return [.. counts.Select(p => new OpenAgeRow(p.Key.Item1, p.Key.Item2, p.Value[0], p.Value[1])).OrderBy(r => r.Band).ThenBy(r => r.Type)];
    }

    private async Task<List<ConsentMonthRow>> ConsentsAsync(DateTimeOffset since, ReportMonth first, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<(ReportMonth, ConsentPurpose), int[]>();
        var rows = db.ConsentEvents.AsNoTracking().Where(e => e.OccurredAt >= since).Select(e => new { e.Purpose, e.Action, e.OccurredAt });
        await foreach (var e in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var month = ReportMonth.Of(e.OccurredAt);
            if (month.Number < first.Number || e.Action is not (ConsentAction.Granted or ConsentAction.Withdrawn))
            {
                continue;
            }

            var c = counts.TryGetValue((month, e.Purpose), out var found) ? found : counts[(month, e.Purpose)] = new int[2];
            c[e.Action == ConsentAction.Granted ? 0 : 1]++;
        }

        return [.. counts.Select(p => new ConsentMonthRow(p.Key.Item1, p.Key.Item2, p.Value[0], p.Value[1])).OrderBy(r => r.Month.Number).ThenBy(r => r.Purpose)];
    }
}
