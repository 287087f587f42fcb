using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PersonalDataPolicy.Web.Features.Admin.Compliance;

namespace PersonalDataPolicy.Web.Features.Admin.Reports;

/// <summary>
/// What a compliance officer shows a regulator: requests by type and month with the on-time share, open requests by
/// age, consents granted and withdrawn per month, incidents. Each is a chart, a table and a CSV. Counts only: no
/// personal data, so the downloads are not audited as disclosures.
/// </summary>
[Route("admin/reports")]
[Authorize(Policy = StaffAccounts.Compliance)]
public sealed class ReportsController(ComplianceReports reports) : AdminController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int? months, CancellationToken cancellationToken) =>
        View(await reports.BuildAsync(Months(months), cancellationToken));

    [HttpGet("requests.csv")]
    public async Task<IActionResult> Requests(int? months, CancellationToken cancellationToken)
    {
        var report = await reports.BuildAsync(Months(months), cancellationToken);
        await CsvDownload.WriteAsync(Response, "requests-by-month", ["Month", "Type", "Received", "Closed", "Decided", "OnTime", "OnTimePercent"], report.Requests, r =>
            [r.Month.ToString(), r.Type.ToString(), N(r.Received), N(r.Closed), N(r.Decided), N(r.OnTime), Percent(r.OnTimeShare)], cancellationToken);
        return new EmptyResult();
    }

    [HttpGet("open-requests.csv")]
    public async Task<IActionResult> OpenRequests(CancellationToken cancellationToken)
    {
        var report = await reports.BuildAsync(1, cancellationToken);
        await CsvDownload.WriteAsync(Response, "open-requests-by-age", ["AgeDays", "Type", "Open", "Overdue"], report.OpenByAge, r =>
            [BandRange(r.Band), r.Type.ToString(), N(r.Open), N(r.Overdue)], cancellationToken);
        return new EmptyResult();
    }

    [HttpGet("consents.csv")]
    public async Task<IActionResult> Consents(int? months, CancellationToken cancellationToken)
    {
        var report = await reports.BuildAsync(Months(months), cancellationToken);
        await CsvDownload.WriteAsync(Response, "consents-by-month", ["Month", "Purpose", "Granted", "Withdrawn"], report.Consents, r =>
            [r.Month.ToString(), r.Purpose.ToString(), N(r.Granted), N(r.Withdrawn)], cancellationToken);
        return new EmptyResult();
    }

    /// <summary>The band's days as text that Excel keeps as text ("8-15" would become a date; an en dash does not).</summary>
    public static string BandRange(AgeBand band) => band switch
    {
        AgeBand.UpTo7Days => "0–7",
        AgeBand.From8To15Days => "8–15",
        AgeBand.From16To30Days => "16–30",
        _ => "31+",
    };

    private static int Months(int? months) => Math.Clamp(months ?? ComplianceReports.DefaultMonths, 1, 36);

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A whole number of percent: Excel reads it as a number under any decimal separator.</summary>
    private static string Percent(double? share) => share is { } s ? Math.Round(s * 100).ToString(CultureInfo.InvariantCulture) : string.Empty;
}
