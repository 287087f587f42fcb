using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Web.Features.Admin.Reports;
using PersonalDataPolicy.Web.Infrastructure;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// The compliance reports count in the fund's months (Astana time): a request that arrives at 00:30 on the 1st in
/// Astana is in that month although it is still the previous month in UTC. Their CSVs open in Excel under ru/kk settings.
/// </summary>
public sealed class ComplianceReportTests(SiteFactory site, ITestOutputHelper output) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task Requests_and_consents_are_counted_in_astana_months_with_the_on_time_share_in_the_page_chart_and_csv()
    {
        await MyDataJourney.SubmitAppealAsync(site, "report-subject@example.kz");
        var subject = (await site.SubjectWithEmailAsync("report-subject@example.kz"))!.Id;
        var now = DateTimeOffset.UtcNow;
        var thisMonth = ReportMonth.Of(now);
        var previous = thisMonth.Minus(1);
        var midnight = thisMonth.FirstDay.ToDateTime(TimeOnly.MinValue);
        var monthStart = new DateTimeOffset(midnight, SiteDates.FundTimeZone.GetUtcOffset(midnight)).ToUniversalTime();
        var justAfter = monthStart.AddMinutes(30);  // still the previous month in UTC
        var justBefore = monthStart.AddMinutes(-30);
        Assert.NotEqual(justAfter.UtcDateTime.Month, thisMonth.Month);

        var onTime = new DataSubjectRequest(subject, RequestType.Access, RequestChannel.Web, justBefore, justBefore.AddDays(10));
        onTime.Complete(justBefore.AddDays(2));
        var late = new DataSubjectRequest(subject, RequestType.Withdraw, RequestChannel.Web, justAfter, justAfter.AddDays(1));
        late.Complete(justAfter.AddDays(3));
        var overdue = new DataSubjectRequest(subject, RequestType.Withdraw, RequestChannel.Email, justAfter, now.AddMinutes(-1));
        var waiting = new DataSubjectRequest(subject, RequestType.Update, RequestChannel.Web, now.AddDays(-20), now.AddDays(5));
        await using (var scope = site.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Requests.AddRange(onTime, late, overdue, waiting);
            await db.SaveChangesAsync();
            var policy = await db.PolicyVersions.OrderByDescending(p => p.Number).FirstAsync();
            ConsentEvent Marketing(ConsentAction action, DateTimeOffset at) =>
                new(subject, ConsentPurpose.MarketingNotifications, action, policy.Number, new string('a', 64), "ru", ConsentChannel.WebForm, at, "согласие", receiptId: null);
            await scope.ServiceProvider.GetRequiredService<ConsentLedger>().CommitAsync([Marketing(ConsentAction.Withdrawn, justBefore), Marketing(ConsentAction.Granted, justAfter)], default);
        }

        var officer = await SignedInStaff.CreateAsync(site, "reports-officer@fund.kz", StaffRoles.ComplianceOfficer);
        var page = await officer.Client.GetStringAsync("/admin/reports");
        Assert.Contains("<svg id=\"requests-chart\"", page, StringComparison.Ordinal);
        Assert.Contains("<title id=\"requests-chart-title\">Requests by type and month</title><desc id=\"requests-chart-desc\">", page, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"consents-chart-desc\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"open-table\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"incidents-", page, StringComparison.Ordinal);

        var requests = await ExcelCsv.DownloadAsync(officer.Client, "/admin/reports/requests.csv");
        Assert.Equal(["Month", "Type", "Received", "Closed", "Decided", "OnTime", "OnTimePercent"], requests[0]);
        Assert.Contains([previous.ToString(), "Access", "1", "1", "1", "1", "100"], requests);
        // Both Withdraw requests arrived at 00:30 Astana time on the 1st: this month, decided, neither on time.
        Assert.Contains([thisMonth.ToString(), "Withdraw", "2", "1", "2", "0", "0"], requests);

        var open = await ExcelCsv.DownloadAsync(officer.Client, "/admin/reports/open-requests.csv");
        Assert.Contains(["16–30", "Update", "1", "0"], open);
        Assert.Equal(1, open.Skip(1).Where(r => r[1] == "Withdraw").Sum(r => int.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture)));

        var consents = await ExcelCsv.DownloadAsync(officer.Client, "/admin/reports/consents.csv");
        Assert.Contains([previous.ToString(), "MarketingNotifications", "0", "1"], consents);
        Assert.Contains([thisMonth.ToString(), "MarketingNotifications", "1", "0"], consents);
        output.WriteLine($"requests.csv {requests.Count - 1} rows, open-requests.csv {open.Count - 1}, consents.csv {consents.Count - 1}; read back with ';' and a BOM");
    }

    [Theory]
    [InlineData(StaffRoles.Staff)]
    [InlineData(StaffRoles.Administrator)]
    public async Task Only_compliance_officers_see_the_reports(string role)
    {
        var other = await SignedInStaff.CreateAsync(site, $"reports-{role.ToLowerInvariant()}@fund.kz", role);
        foreach (var url in new[] { "/admin/reports", "/admin/reports/requests.csv", "/admin/reports/consents.csv", "/admin/reports/open-requests.csv" })
        {
            var response = await other.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/admin/denied", response.Headers.Location!.OriginalString.Replace("http://localhost", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("ru", "Обращения по видам и месяцам")]
    [InlineData("kk", "Өтініштер түрлері мен айлары бойынша")]
    public async Task The_report_page_speaks_the_staff_members_language(string language, string heading)
    {
        var officer = await SignedInStaff.CreateAsync(site, $"reports-{language}@fund.kz", StaffRoles.ComplianceOfficer);
        await officer.PostAsync("/admin/account/language", new() { ["language"] = language, ["returnUrl"] = "/admin/reports" }, "/admin/reports");

        Assert.Contains(heading, await officer.Client.GetStringAsync("/admin/reports"), StringComparison.Ordinal);
    }
}
