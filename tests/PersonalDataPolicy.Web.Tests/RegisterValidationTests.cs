using System.Net;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Web.Features.Admin.Registers;
using PersonalDataPolicy.Web.Infrastructure;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// The registers refuse what a regulator would question: a country code that does not exist (ZZ), an entry dated in
/// the future; the person is picked from a search, each entry shows who recorded it, written consents are listed and exported.
/// </summary>
public sealed class RegisterValidationTests : IClassFixture<SiteFactory>
{
    private static readonly string[] Assigned = ["EH", "AQ", "BQ", "SS", "de", " us "];
    private static readonly string[] NotAssigned = ["ZZ", "XK", "EU", "UK", "SU", "", "DEU"];

    private readonly SiteFactory _site;
    private readonly ITestOutputHelper _output;

    public RegisterValidationTests(SiteFactory site, ITestOutputHelper output)
    {
        site.Settings["Registers:AdequateStates:0"] = "DE";
        _site = site;
        _output = output;
    }

    private async Task<(SignedInStaff Officer, Guid Subject)> SetUpAsync(string email, string officerEmail)
    {
        await MyDataJourney.SubmitAppealAsync(_site, email);
        var subject = (await _site.SubjectWithEmailAsync(email))!.Id;
        return (await SignedInStaff.CreateAsync(_site, officerEmail, StaffRoles.ComplianceOfficer), subject);
    }

    [Fact]
    public void The_iso_list_holds_every_assigned_code_and_nothing_user_assigned()
    {
        Assert.Equal(249, IsoCountries.Count);
        Assert.All(Assigned, code => Assert.True(IsoCountries.IsAssigned(code), code));
        Assert.All(NotAssigned, code => Assert.False(IsoCountries.IsAssigned(code), code));
        _output.WriteLine($"{IsoCountries.Count} ISO 3166-1 codes");
    }

    [Fact]
    public async Task A_transfer_to_zz_or_dated_tomorrow_is_refused_with_a_clear_message_and_a_real_code_on_a_treaty_is_recorded()
    {
        var (officer, subject) = await SetUpAsync("iso-country@example.kz", "iso-officer@fund.kz");
        var transfer = new Dictionary<string, string>
        {
            ["Subject"] = subject.ToString(), ["Country"] = "ZZ", ["Recipient"] = "Clinic", ["Categories"] = "Names",
            ["Basis"] = "RatifiedTreaty", ["Reference"] = "Agreement on legal assistance, ratified by Law No. 123",
        };

        var zz = await officer.PostAsync("/admin/registers/transfers", transfer, "/admin/registers");
        Assert.Equal(HttpStatusCode.BadRequest, zz.StatusCode);
        Assert.Contains("ISO 3166-1", await zz.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        transfer["Country"] = "EH";
        transfer["Date"] = SiteDates.Today(TimeProvider.System).AddDays(1).ToString("yyyy-MM-dd");
        var tomorrow = await officer.PostAsync("/admin/registers/transfers", transfer, "/admin/registers");
        Assert.Equal(HttpStatusCode.BadRequest, tomorrow.StatusCode);
        Assert.Contains("cannot be in the future", await tomorrow.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await _site.WithDbAsync(db => db.CrossBorderTransfers.CountAsync(t => t.SubjectId == subject)));

        transfer["Date"] = SiteDates.Today(TimeProvider.System).ToString("yyyy-MM-dd");
        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostAsync("/admin/registers/transfers", transfer, "/admin/registers")).StatusCode);
        var page = await officer.Client.GetStringAsync("/admin/registers");
        Assert.Contains("<td>EH</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>iso-officer@fund.kz</td>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disclosure_dated_in_the_future_is_refused_and_nothing_is_stored()
    {
        var (officer, subject) = await SetUpAsync("future-disclosure@example.kz", "future-officer@fund.kz");
        var disclosure = new Dictionary<string, string>
        {
            ["Subject"] = subject.ToString(), ["Recipient"] = "Prosecutor's office", ["Law"] = "Law «On the Prosecutor's Office»", ["Article"] = "art. 6",
            ["Categories"] = "Phone", ["Date"] = SiteDates.Today(TimeProvider.System).AddDays(2).ToString("yyyy-MM-dd"),
        };

        var refused = await officer.PostAsync("/admin/registers/disclosures", disclosure, "/admin/registers");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("cannot be in the future", html, StringComparison.Ordinal);
        // The person stays chosen, so the corrected form goes again without a new search.
        Assert.Contains($"<option value=\"{subject}\" selected=\"selected\">", html, StringComparison.Ordinal);
        Assert.Equal(0, await _site.WithDbAsync(db => db.Disclosures.CountAsync(d => d.SubjectId == subject)));
    }

    [Fact]
    public async Task The_person_is_picked_from_a_search_not_typed_and_the_search_is_audited_without_its_term()
    {
        var (officer, subject) = await SetUpAsync("pick-me@example.kz", "pick-officer@fund.kz");

        var before = await officer.Client.GetStringAsync("/admin/registers");
        Assert.DoesNotContain("name=\"Subject\"", before, StringComparison.Ordinal);
        Assert.Contains("Find the person above first", before, StringComparison.Ordinal);

        var found = await (await officer.PostAsync("/admin/registers/find", new() { ["by"] = "Email", ["q"] = "Pick-Me@example.kz" }, "/admin/registers")).Content.ReadAsStringAsync();

        Assert.Contains("<select id=\"d-subject\" name=\"Subject\">", found, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{subject}\">", found, StringComparison.Ordinal);
        Assert.Contains("pick-me@example.kz", found, StringComparison.Ordinal);
        var searches = await _site.WithDbAsync(db => db.AuditLog.Where(e => e.Action == AuditAction.SearchedSubjects && e.Page == "/admin/registers/find").Select(e => e.Details).ToListAsync());
        Assert.Equal(["by Email, 1 found"], searches);
    }

    [Fact]
    public async Task Written_consents_are_listed_with_who_recorded_them_and_exported_for_excel()
    {
        var (officer, subject) = await SetUpAsync("written@example.kz", "written-officer@fund.kz");

        await officer.PostAsync("/admin/registers/written-consent", new() { ["subject"] = subject.ToString(), ["document"] = "ВХ-2026/1187" }, "/admin/registers");
        var page = await officer.Client.GetStringAsync("/admin/registers");
        var rows = await ExcelCsv.DownloadAsync(officer.Client, "/admin/registers/written-consents.csv");

        Assert.Contains("<td>ВХ-2026/1187</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>written-officer@fund.kz</td>", page, StringComparison.Ordinal);
        Assert.Equal(["Sequence", "RecordedAtUtc", "SubjectId", "Document", "PolicyVersion", "Language", "RecordedBy"], rows[0]);
        var row = Assert.Single(rows.Skip(1), r => r[2] == subject.ToString());
        Assert.Equal(("ВХ-2026/1187", "written-officer@fund.kz"), (row[3], row[6]));
        Assert.True(await _site.WithDbAsync(db => db.AuditLog.AnyAsync(e => e.Action == AuditAction.ExportedConsentHistory && e.Page == "/admin/registers/written-consents.csv")));
    }

    [Fact]
    public void An_adequate_state_that_is_not_an_iso_code_stops_the_site_at_start()
    {
        using var site = new SiteFactory();
        site.Settings["Registers:AdequateStates:0"] = "ZZ";

        var refused = Assert.ThrowsAny<Exception>(() => site.CreateClient());

        Assert.Contains("AdequateStates", refused.ToString(), StringComparison.Ordinal);
    }
}
