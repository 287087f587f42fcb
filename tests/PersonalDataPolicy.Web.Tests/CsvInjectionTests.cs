using System.Text;
using CsvHelper;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Web.Features.Admin.Compliance;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// CSV injection (OWASP): text staff typed, such as a block reason, reaches the exports. A cell that a spreadsheet would
/// run as a formula is written behind a ' so Excel shows it as text; the files keep their BOM and ';' separators.
/// </summary>
public sealed class CsvInjectionTests(SiteFactory site, ITestOutputHelper output) : IClassFixture<SiteFactory>
{
    private static readonly string[] Payloads =
        ["=HYPERLINK(\"http://evil.example\",\"x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\t=1+2", "\r=3+4"];

    private static readonly string[] Unsafe = ["\t=1+2", "\r=3", "plain", "-2+3"];

    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    [Fact]
    public async Task Reasons_typed_as_formulas_reach_the_audit_csv_as_text()
    {
        await MyDataJourney.SubmitAppealAsync(site, "csv-injection@example.kz");
        var subject = (await site.SubjectWithEmailAsync("csv-injection@example.kz"))!.Id;
        var caseworker = await SignedInStaff.CreateAsync(site, "csv-caseworker@fund.kz", StaffRoles.Staff);
        var officer = await SignedInStaff.CreateAsync(site, "csv-officer@fund.kz", StaffRoles.ComplianceOfficer);
        for (var i = 0; i < Payloads.Length; i++)
        {
            var step = i % 2 == 0 ? "Block" : "Unblock";
            var done = await caseworker.PostAsync($"/admin/subjects/{subject}/{step}", new() { ["reason"] = Payloads[i] }, $"/admin/subjects/{subject}/{step}");
            Assert.Equal(System.Net.HttpStatusCode.Redirect, done.StatusCode);
        }

        var rows = await ExcelCsv.DownloadAsync(officer.Client, $"/admin/audit/audit.csv?Subject={subject}");
        Assert.Equal(["AtUtc", "StaffUserId", "StaffEmail", "Action", "SubjectId", "Page", "Purpose", "Details"], rows[0]);
        var reasons = rows.Skip(1).Where(r => r[3] is "BlockedSubject" or "UnblockedSubject").Select(r => r[7]).ToList();

        Assert.Equal(Payloads.Length, reasons.Count);
        // Reasons are trimmed when typed, so the tab and CR payloads arrive as plain formulas; they are escaped all the same.
        Assert.Equal(Payloads.Select(p => "'" + p.Trim()), reasons);
        Assert.All(rows.SelectMany(r => r), cell => Assert.True(cell.Length == 0 || !FormulaStarts.Contains(cell[0]), $"formula cell: {cell}"));
        output.WriteLine($"{Payloads.Length} formula payloads typed as reasons, {reasons.Count(r => r.StartsWith('\''))} exported as text behind '");
    }

    [Fact]
    public async Task Every_export_writes_fields_starting_with_a_tab_or_cr_as_text_and_keeps_bom_and_semicolons()
    {
        using var text = new StringWriter();
        await using (var csv = CsvWriter.Create(text, CsvDownload.Options, leaveOpen: true))
        {
            csv.WriteRecord(Unsafe);
        }

        var row = Assert.Single(ExcelCsv.Read([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text.ToString())]));
        Assert.Equal(["'\t=1+2", "'\r=3", "plain", "'-2+3"], row);

        var officer = await SignedInStaff.CreateAsync(site, "csv-consents@fund.kz", StaffRoles.ComplianceOfficer);
        var consents = await officer.Client.GetByteArrayAsync("/admin/consents.csv");
        Assert.StartsWith("Sequence;OccurredAtUtc;SubjectId", Encoding.UTF8.GetString(consents[3..]), StringComparison.Ordinal);
        Assert.Equal(["Sequence", "OccurredAtUtc", "SubjectId"], ExcelCsv.Read(consents)[0][..3]);
    }
}
