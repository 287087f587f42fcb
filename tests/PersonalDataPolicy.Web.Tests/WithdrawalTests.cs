using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static PersonalDataPolicy.Web.Tests.Infrastructure.MyDataJourney;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// Issue 10 §3, Law 94-V art. 8 p. 2 and p. 7: a withdrawal stops processing at once, keeps only what a law requires
/// (the person is told what, why and until when), and nobody can undo it by unblocking the record.
/// </summary>
public abstract class WithdrawalScenarios
{
    private const string ArchivalRule = "Archival list of standard documents (test), item 12";
    private static readonly TimeSpan KeepAppeals = TimeSpan.FromDays(5 * 365);
    private readonly MailSite _mail;
    private readonly ITestOutputHelper _output;

    protected WithdrawalScenarios(MailSite mail, ITestOutputHelper output)
    {
        _mail = mail;
        _output = output;
        var rule = "Requests:RetentionAfterWithdrawal:0:";
        mail.Site.Settings[rule + "Category"] = "Appeals";
        mail.Site.Settings[rule + "KeepFor"] = KeepAppeals.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        mail.Site.Settings[rule + "From"] = "LastAppeal";
        mail.Site.Settings[rule + "LegalReference"] = ArchivalRule;
    }

    private SiteFactory Site => _mail.Site;

    [Fact]
    public async Task Data_a_law_requires_are_kept_blocked_until_that_basis_ends_and_the_person_is_told_what_why_and_until_when()
    {
        const string address = "keeps-appeals@example.kz";
        await SubmitAppealAsync(Site, address, smtp: _mail.Smtp);
        var owner = (await Site.SubjectWithEmailAsync(address))!;
        var client = await SignInAsync(Site, _mail.Smtp, address);

        var page = await client.GetStringAsync("/en/my-data/withdraw");
        Assert.Contains("id=\"retention-holds\"", page, StringComparison.Ordinal);
        Assert.Contains("Your appeals and the Fund's answers: kept under " + ArchivalRule, WebUtility.HtmlDecode(page), StringComparison.Ordinal);

        var mailsBefore = _mail.Smtp.To(address).Count;
        var withdrawn = await PostFormAsync(client, "/en/my-data/withdraw", []);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);

        // This person's record: another test of the class may have withdrawn first (the order of tests differs between classes).
        var subject = await Site.WithDbAsync(db => db.DataSubjects.SingleAsync(s => s.Id == owner.Id && s.Status == SubjectStatus.Blocked
            && s.BlockReason == BlockReason.ConsentWithdrawn && db.Appeals.Any(a => a.SubjectId == s.Id)));
        var lastAppeal = await Site.WithDbAsync(db => db.Appeals.Where(a => a.SubjectId == subject.Id).MaxAsync(a => a.ReceivedAt));
        Assert.Equal(lastAppeal + KeepAppeals, subject.DestructionDueAt);

        var confirmation = (await _mail.Smtp.WaitForAsync(address, mailsBefore + 1))[mailsBefore];
        Assert.Contains(ArchivalRule, confirmation.TextBody, StringComparison.Ordinal);
        Assert.Contains("will be destroyed irrevocably on", confirmation.TextBody, StringComparison.Ordinal);

        // The next day nothing goes; the day after the basis ends, everything does.
        await using var scope = Site.Scope();
        var lifecycle = scope.ServiceProvider.GetRequiredService<PersonalDataLifecycle>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(0, await lifecycle.DestroyDueAsync(DateTimeOffset.UtcNow.AddDays(2), DateTimeOffset.MinValue, CancellationToken.None));
        Assert.Equal(1, await DestroyOnlyAsync(lifecycle, db, subject.Id, subject.DestructionDueAt!.Value.AddMinutes(1)));
        _output.WriteLine($"withdrawn on {DateTimeOffset.UtcNow:yyyy-MM-dd}; appeals kept under \"{ArchivalRule}\" until {subject.DestructionDueAt:yyyy-MM-dd}; destroyed then: 1");
    }

    [Fact]
    public async Task Unblocking_a_record_whose_consent_was_withdrawn_is_refused_and_its_destruction_stays_scheduled()
    {
        const string address = "no-unblock@example.kz";
        await SubmitAppealAsync(Site, address, smtp: _mail.Smtp);
        var person = await SignInAsync(Site, _mail.Smtp, address);
        await PostFormAsync(person, "/en/my-data/withdraw", []);
        var subject = await Site.WithDbAsync(db => db.DataSubjects.SingleAsync(s => s.BlockReason == BlockReason.ConsentWithdrawn && db.Appeals.Any(a => a.SubjectId == s.Id)
            && !db.DataSubjects.Any(o => o.Id != s.Id && o.BlockReason == BlockReason.ConsentWithdrawn && o.CreatedAt > s.CreatedAt)));

        await StaffJourney.CreateStaffAsync(Site, "unblocker@fund.kz", twoFactor: false, StaffRoles.Staff);
        var staff = StaffJourney.Browser(Site);
        await StaffJourney.SignInAsync(staff, "unblocker@fund.kz");
        var record = await staff.GetStringAsync($"/admin/subjects/{subject.Id}?purpose=LegalObligation");
        Assert.DoesNotContain($"/admin/subjects/{subject.Id}/Unblock", record, StringComparison.Ordinal);

        var refused = await StaffJourney.PostAsync(staff, $"/admin/subjects/{subject.Id}/Unblock", new() { ["reason"] = "The person called and asked.", ["purpose"] = "AnsweringRequest" },
            $"/admin/subjects/{subject.Id}/Unblock");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var after = await Site.WithDbAsync(db => db.DataSubjects.SingleAsync(s => s.Id == subject.Id));
        Assert.Equal((SubjectStatus.Blocked, subject.DestructionDueAt), (after.Status, after.DestructionDueAt));
    }

    [Fact]
    public async Task An_appeal_its_owner_never_confirmed_is_destroyed_after_the_retention_for_unconfirmed_appeals()
    {
        const string address = "never-confirmed@example.kz";
        await SubmitAppealAsync(Site, address, smtp: _mail.Smtp);
        await Forms.PostAppealAsync(Browser(Site), "en", Forms.ValidAppeal(lastName: "Someone", email: address));
        var owner = (await Site.SubjectWithEmailAsync(address))!;
        var sender = await Site.WithDbAsync(db => db.DataSubjects.SingleAsync(s => s.ClaimedSubjectId == owner.Id));

        await using var scope = Site.Scope();
        var lifecycle = scope.ServiceProvider.GetRequiredService<PersonalDataLifecycle>();
        Assert.Equal(0, await lifecycle.DestroyDueAsync(DateTimeOffset.UtcNow, sender.CreatedAt.AddTicks(-1), CancellationToken.None));
        Assert.True(await lifecycle.DestroyDueAsync(DateTimeOffset.UtcNow, sender.CreatedAt, CancellationToken.None) >= 1);
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();

        var gone = await Site.WithDbAsync(db => db.DataSubjects.SingleAsync(s => s.Id == sender.Id));
        Assert.Equal(SubjectStatus.Destroyed, gone.Status);
        Assert.Equal(0, await Site.WithDbAsync(db => db.Appeals.CountAsync(a => a.SubjectId == sender.Id)));
        Assert.Equal(SubjectStatus.Active, (await Site.SubjectWithEmailAsync(address))!.Status);
    }

    /// <summary>Runs the scheduled destruction at <paramref name="at"/> and reports whether this subject went.</summary>
    private static async Task<int> DestroyOnlyAsync(PersonalDataLifecycle lifecycle, AppDbContext db, Guid subjectId, DateTimeOffset at)
    {
        await lifecycle.DestroyDueAsync(at, DateTimeOffset.MinValue, CancellationToken.None);
        await db.SaveChangesAsync();
        return await db.DataSubjects.CountAsync(s => s.Id == subjectId && s.Status == SubjectStatus.Destroyed);
    }
}

public sealed class WithdrawalTests(MailSite mail, ITestOutputHelper output) : WithdrawalScenarios(mail, output), IClassFixture<MailSite>;

[Collection(OnPostgreSql.Name)]
public sealed class WithdrawalOnPostgreSqlTests(PostgreSqlMailSite mail, ITestOutputHelper output) : WithdrawalScenarios(mail, output), IClassFixture<PostgreSqlMailSite>;
