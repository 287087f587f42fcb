using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using static PersonalDataPolicy.Web.Tests.Infrastructure.StaffJourney;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// Issue 15: staff register a request received by phone (1414), on paper or in person, with the identity check they made;
/// it then has the same legal due date and workflow as a request from the site.
/// </summary>
public sealed class RequestChannelTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string Register = "/admin/requests/register";

    private async Task<(HttpClient Client, string Id)> StaffAsync(string email, string language, params string[] roles)
    {
        var key = await CreateStaffAsync(site, email, twoFactor: roles.Any(StaffRoles.RequireTwoFactor.Contains), roles);
        await using (var scope = site.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var user = await users.FindByEmailAsync(email);
            user!.PreferredLanguage = language;
            await users.UpdateAsync(user);
        }

        var client = Browser(site);
        await SignInAsync(client, email, authenticatorKey: key);
        return (client, await site.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync()));
    }

    private static Dictionary<string, string> Fields(Guid? subject, string type, string channel, string receivedOn, string receivedTime, string check, string? checkedOn = null, string? checkedTime = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["By"] = "Email", ["Type"] = type, ["Channel"] = channel, ["ReceivedOn"] = receivedOn, ["ReceivedTime"] = receivedTime,
            ["IdentityCheck"] = check, ["CheckedOn"] = checkedOn ?? receivedOn, ["CheckedTime"] = checkedTime ?? receivedTime,
        };
        if (subject is { } id)
        {
            fields["SubjectId"] = id.ToString();
        }

        return fields;
    }

    [Theory]
    [InlineData("Phone", "CallbackToNumberOnRecord")]
    [InlineData("Paper", "ConfirmedFromEmailOnRecord")]
    [InlineData("InPerson", "DocumentShownInPerson")]
    public async Task A_caseworker_finds_the_person_by_search_and_registers_the_request_with_its_channel_and_identity_check(string channel, string check)
    {
        var email = $"caller-{channel.ToLowerInvariant()}@example.kz";
        await MyDataJourney.SubmitAppealAsync(site, email, lastName: "Қоңыраушы");
        var subject = await site.SubjectWithEmailAsync(email);
        var (client, staffId) = await StaffAsync($"desk-{channel.ToLowerInvariant()}@fund.kz", "en", StaffRoles.Staff);

        var found = await PostAsync(client, $"{Register}/search", new() { ["by"] = "Email", ["q"] = email }, Register);
        var foundPage = await found.Content.ReadAsStringAsync();
        Assert.Contains("Қоңыраушы", foundPage);
        Assert.Contains($"value=\"{subject!.Id}\"", foundPage);

        var registered = await PostAsync(client, Register, Fields(subject.Id, "Access", channel, "2025-12-12", "10:15", check), Register);

        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var request = await site.WithDbAsync(db => db.Requests.SingleAsync(r => r.SubjectId == subject.Id && r.Channel == Enum.Parse<RequestChannel>(channel)));
        Assert.Equal($"/admin/requests/{request.Id}", registered.Headers.Location?.OriginalString);
        Assert.Equal((RequestType.Access, RequestStatus.New, staffId), (request.Type, request.Status, request.RegisteredBy));
        Assert.Equal(new IdentityCheck(Enum.Parse<IdentityCheckMethod>(check), staffId, new DateTimeOffset(2025, 12, 12, 10, 15, 0, TimeSpan.FromHours(5))), request.IdentityCheck);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/admin/requests/{request.Id}"));
        Assert.Contains("id=\"identity-check\"", page);
        Assert.Contains($"desk-{channel.ToLowerInvariant()}@fund.kz", page);
        var audit = await site.WithDbAsync(db => db.AuditLog.SingleAsync(e => e.Action == AuditAction.RegisteredRequest && e.SubjectId == subject.Id));
        Assert.Equal(staffId, audit.StaffUserId);
        Assert.DoesNotContain("Қоңыраушы", audit.Details ?? string.Empty);

        // The same workflow as any request: taken, then answered by mail.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, $"/admin/requests/{request.Id}/assign", [], $"/admin/requests/{request.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, $"/admin/requests/{request.Id}/complete", [], $"/admin/requests/{request.Id}")).StatusCode);
        Assert.Equal(RequestStatus.Completed, (await site.WithDbAsync(db => db.Requests.SingleAsync(r => r.Id == request.Id))).Status);
    }

    [Fact]
    public async Task The_due_date_runs_from_the_day_received_in_Astana_not_in_UTC_nor_the_day_typed_in()
    {
        await MyDataJourney.SubmitAppealAsync(site, "early-caller@example.kz");
        var subject = await site.SubjectWithEmailAsync("early-caller@example.kz");
        var (client, _) = await StaffAsync("early-desk@fund.kz", "en", StaffRoles.Staff);

        // 04:00 on Friday 12 December 2025 in Astana is still Thursday in UTC. One working day from Friday is Monday 15th;
        // counted from the UTC day it would be Friday 12th.
        await PostAsync(client, Register, Fields(subject!.Id, "Update", "Phone", "2025-12-12", "04:00", "CallbackToNumberOnRecord"), Register);
        // Access, 3 working days from Friday: Monday, Wednesday (16 December, Independence Day, is a day off), Thursday.
        await PostAsync(client, Register, Fields(subject.Id, "Access", "Paper", "2025-12-12", "04:00", "ConfirmedFromEmailOnRecord"), Register);

        var requests = await site.WithDbAsync(db => db.Requests.Where(r => r.SubjectId == subject.Id).ToListAsync());
        var astana = TimeSpan.FromHours(5);
        Assert.Equal(new DateTimeOffset(2025, 12, 12, 4, 0, 0, astana), requests.Single(r => r.Type == RequestType.Update).ReceivedAt);
        Assert.Equal(new DateTimeOffset(2025, 12, 15, 23, 59, 59, astana), requests.Single(r => r.Type == RequestType.Update).DueAt);
        Assert.Equal(new DateTimeOffset(2025, 12, 18, 23, 59, 59, astana), requests.Single(r => r.Type == RequestType.Access).DueAt);
    }

    [Fact]
    public async Task A_person_not_found_is_registered_as_a_new_record_with_the_request()
    {
        var (client, _) = await StaffAsync("new-desk@fund.kz", "en", StaffRoles.Administrator);
        var fields = Fields(null, "Block", "InPerson", "2025-12-10", "11:00", "DocumentShownInPerson");
        fields["NewPerson"] = "true";
        fields["LastName"] = "Жаңабаева";
        fields["FirstName"] = "Айгерім";
        fields["Email"] = "walk-in@example.kz";
        fields["Phone"] = "+7 701 555 44 33";
        fields["Language"] = "kk";

        var response = await PostAsync(client, Register, fields, Register);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var subject = await site.SubjectWithEmailAsync("walk-in@example.kz");
        Assert.Equal(("Жаңабаева", "kk"), (subject!.LastName, subject.PreferredLanguage));
        var request = await site.WithDbAsync(db => db.Requests.SingleAsync(r => r.SubjectId == subject.Id));
        Assert.Equal((RequestType.Block, RequestChannel.InPerson), (request.Type, request.Channel));

        // The same address again is not a second record: staff are told to find the first one.
        fields["LastName"] = "Басқа";
        var again = await PostAsync(client, Register, fields, Register);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("A record with this e-mail address already exists", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()));
        Assert.Equal(1, await site.WithDbAsync(db => db.Requests.CountAsync(r => r.SubjectId == subject.Id)));
    }

    [Fact]
    public async Task Only_caseworkers_register_requests_compliance_officers_are_refused()
    {
        var (officer, _) = await StaffAsync("officer-desk@fund.kz", "en", StaffRoles.ComplianceOfficer);

        var page = await officer.GetAsync(Register);
        var queue = await officer.GetStringAsync("/admin/requests");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/admin/denied", page.Headers.Location?.OriginalString);
        Assert.DoesNotContain("id=\"register-link\"", queue);
        var (caseworker, _) = await StaffAsync("caseworker-desk@fund.kz", "en", StaffRoles.Staff);
        Assert.Contains("id=\"register-link\"", await caseworker.GetStringAsync("/admin/requests"));
        Assert.Equal(HttpStatusCode.OK, (await caseworker.GetAsync(Register)).StatusCode);
    }

    [Fact]
    public async Task Bad_input_comes_back_as_the_full_page_in_the_staff_members_language_and_nothing_is_stored()
    {
        await MyDataJourney.SubmitAppealAsync(site, "wrong-form@example.kz");
        var subject = await site.SubjectWithEmailAsync("wrong-form@example.kz");
        var (client, _) = await StaffAsync("ru-desk@fund.kz", "ru", StaffRoles.Staff);
        var tomorrow = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        // A document cannot be shown over the phone; a receipt date in the future; no type chosen.
        var response = await PostAsync(client, Register, Fields(subject!.Id, "", "Phone", tomorrow, "09:00", "DocumentShownInPerson"), Register);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<html lang=\"ru\"", html);
        Assert.Contains("id=\"error-summary\"", html);
        Assert.Contains("Документ можно предъявить только лично", html);
        Assert.Contains("«Дата и время поступления» не может быть в будущем.", html);
        Assert.Contains("Выберите значение в поле «Тип».", html);
        Assert.Contains($"value=\"{subject.Id}\" checked", html);
        Assert.Equal(0, await site.WithDbAsync(db => db.Requests.CountAsync(r => r.SubjectId == subject.Id)));
    }

    [Fact]
    public void No_identity_document_number_can_be_stored_the_check_keeps_only_its_kind()
    {
        var properties = typeof(IdentityCheck).GetProperties().Select(p => (p.Name, p.PropertyType)).ToList();

        Assert.Equal([("Method", typeof(IdentityCheckMethod)), ("CheckedBy", typeof(string)), ("CheckedAt", typeof(DateTimeOffset))], properties);
    }
}
