using System.Net;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Registers;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using static PersonalDataPolicy.Web.Tests.Infrastructure.StaffJourney;

namespace PersonalDataPolicy.Web.Tests;

public sealed class RegisterAdminTests : IClassFixture<SiteFactory>
{
    private readonly SiteFactory _site;

    public RegisterAdminTests(SiteFactory site)
    {
        site.Settings["Registers:AdequateStates:0"] = "DE";
        _site = site;
    }

    private async Task<(HttpClient Officer, Guid Subject)> SetUpAsync(string email, string officerEmail)
    {
        await MyDataJourney.SubmitAppealAsync(_site, email);
        var subject = await _site.SubjectWithEmailAsync(email);
        var key = await CreateStaffAsync(_site, officerEmail, twoFactor: true, StaffRoles.ComplianceOfficer);
        var officer = Browser(_site);
        await SignInAsync(officer, officerEmail, authenticatorKey: key);
        return (officer, subject!.Id);
    }

    [Fact]
    public async Task A_transfer_to_a_state_without_adequate_protection_is_refused_until_written_consent_is_recorded()
    {
        var (officer, subject) = await SetUpAsync("abroad@example.kz", "transfers@fund.kz");
        var transfer = new Dictionary<string, string> { ["Subject"] = subject.ToString(), ["Country"] = "US", ["Recipient"] = "Hospital Inc.", ["Categories"] = "Names" };

        var refused = await StaffJourney.PostAsync(officer, "/admin/registers/transfers", transfer, "/admin/registers");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("cannot be recorded", await refused.Content.ReadAsStringAsync());
        Assert.Equal(0, await _site.WithDbAsync(db => db.CrossBorderTransfers.CountAsync(t => t.SubjectId == subject)));

        await StaffJourney.PostAsync(officer, "/admin/registers/written-consent", new() { ["subject"] = subject.ToString(), ["document"] = "ВХ-2026/1187" }, "/admin/registers");
        var allowed = await StaffJourney.PostAsync(officer, "/admin/registers/transfers", transfer, "/admin/registers");

        Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        var stored = await _site.WithDbAsync(db => db.CrossBorderTransfers.SingleAsync(t => t.SubjectId == subject));
        Assert.Equal(TransferBasis.WrittenConsent, stored.Basis);
        var consent = await _site.WithDbAsync(db => db.ConsentEvents.SingleAsync(e => e.SubjectId == subject && e.Purpose == ConsentPurpose.CrossBorderTransfer));
        Assert.Equal(ConsentChannel.Staff, consent.Channel);
        Assert.Contains("ВХ-2026/1187", consent.Wording, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transfer_on_a_named_treaty_is_recorded_with_its_article_and_a_contract_with_the_person_is_refused()
    {
        var (officer, subject) = await SetUpAsync("treaty@example.kz", "treaty-officer@fund.kz");
        var transfer = new Dictionary<string, string>
        {
            ["Subject"] = subject.ToString(), ["Country"] = "US", ["Recipient"] = "Hospital Inc.", ["Categories"] = "Names",
            ["Basis"] = "Contract", ["Reference"] = "Treatment contract No. 17",
        };

        var refused = await StaffJourney.PostAsync(officer, "/admin/registers/transfers", transfer, "/admin/registers");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        transfer["Basis"] = "RatifiedTreaty";
        transfer["Reference"] = "Agreement on legal assistance, ratified by Law No. 123";
        var recorded = await StaffJourney.PostAsync(officer, "/admin/registers/transfers", transfer, "/admin/registers");

        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var stored = await _site.WithDbAsync(db => db.CrossBorderTransfers.SingleAsync(t => t.SubjectId == subject));
        Assert.Equal((TransferBasis.RatifiedTreaty, "94-V art. 16 p. 3 sub-p. 2", "Agreement on legal assistance, ratified by Law No. 123"),
            (stored.Basis, stored.Article, stored.Reference));
        Assert.Contains("94-V art. 16 p. 3 sub-p. 2", await officer.GetStringAsync("/admin/registers"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transfer_to_a_configured_adequate_state_is_recorded_as_such()
    {
        var (officer, subject) = await SetUpAsync("germany@example.kz", "adequate@fund.kz");

        await StaffJourney.PostAsync(officer, "/admin/registers/transfers", new() { ["Subject"] = subject.ToString(), ["Country"] = "de", ["Recipient"] = "Charité", ["Categories"] = "Names" }, "/admin/registers");

        Assert.Equal(TransferBasis.AdequateState, (await _site.WithDbAsync(db => db.CrossBorderTransfers.SingleAsync(t => t.SubjectId == subject))).Basis);
    }

    [Fact]
    public async Task A_disclosure_without_its_legal_basis_is_refused_and_with_it_is_listed()
    {
        var (officer, subject) = await SetUpAsync("disclosed@example.kz", "disclosures@fund.kz");
        var disclosure = new Dictionary<string, string> { ["Subject"] = subject.ToString(), ["Recipient"] = "Prosecutor's office of Astana", ["Law"] = "", ["Article"] = "", ["Categories"] = "Phone" };

        Assert.Equal(HttpStatusCode.BadRequest, (await StaffJourney.PostAsync(officer, "/admin/registers/disclosures", disclosure, "/admin/registers")).StatusCode);
        disclosure["Law"] = "Law of the RK «On the Prosecutor's Office»";
        disclosure["Article"] = "art. 6 p. 2";
        await StaffJourney.PostAsync(officer, "/admin/registers/disclosures", disclosure, "/admin/registers");

        var page = await officer.GetStringAsync("/admin/registers");
        Assert.Contains("art. 6 p. 2", page);
        Assert.Equal(1, await _site.WithDbAsync(db => db.Disclosures.CountAsync(d => d.SubjectId == subject)));
    }
}
