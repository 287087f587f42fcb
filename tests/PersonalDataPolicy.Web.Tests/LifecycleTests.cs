using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Requests;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using static PersonalDataPolicy.Web.Tests.Infrastructure.MyDataJourney;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>Blocking, depersonalization and destruction across every table, and the scheduled jobs.</summary>
public abstract class LifecycleScenarios(SiteFactory site)
{
    [Fact]
    public async Task After_destruction_no_table_holds_the_subjects_personal_data_and_the_ledger_still_verifies()
    {
        const string email = "destroy.me.7731@example.kz";
        await SubmitAppealAsync(site, email, marketing: true, lastName: "Уничтожаемова");
        var subject = await site.SubjectWithEmailAsync(email);
        await AskForLinkAsync(Browser(site), email); // puts a token and a mail with the address in the store (in the background)
        for (var i = 0; i < 100 && await site.WithDbAsync(db => db.VerificationTokens.CountAsync(t => t.SubjectId == subject!.Id && t.Purpose == TokenPurpose.Access)) == 0; i++)
        {
            await Task.Delay(50);
        }

        await using (var scope = site.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await scope.ServiceProvider.GetRequiredService<PersonalDataLifecycle>().DestroyAsync(subject!.Id, DateTimeOffset.UtcNow, CancellationToken.None);
            await db.SaveChangesAsync();
        }

        Assert.Null(await site.SubjectWithEmailAsync(email));
        var (tombstone, appeals, tokens, mails, receipts) = await site.WithDbAsync(async db => (
            await db.DataSubjects.SingleAsync(s => s.Id == subject!.Id),
            await db.Appeals.CountAsync(a => a.SubjectId == subject!.Id),
            await db.VerificationTokens.CountAsync(t => t.SubjectId == subject!.Id),
            await db.Outbox.Where(m => m.SubjectId == subject!.Id).ToListAsync(),
            await db.ConsentReceipts.CountAsync(r => r.SubjectId == subject!.Id)));
        var ledger = await site.VerifyLedgerAsync();
        Assert.Equal(SubjectStatus.Destroyed, tombstone.Status);
        Assert.Equal((string.Empty, string.Empty, string.Empty, string.Empty), (tombstone.LastName, tombstone.FirstName, tombstone.Email, tombstone.Phone));
        Assert.Equal(0, appeals);
        Assert.Equal(0, tokens);
        Assert.All(mails, m => Assert.Equal((string.Empty, string.Empty, string.Empty), (m.ToAddress, m.HtmlBody, m.TextBody)));
        Assert.All(mails, m => Assert.NotEqual(MailStatus.Pending, m.Status));
        Assert.True(ledger.IsIntact, ledger.Problem);
        Assert.Equal(1, receipts);

        // Nothing readable is left either: not in plain text, and not in any row the application can still decrypt.
        foreach (var file in site.DatabaseFiles())
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(email)) < 0, file);
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("Уничтожаемова")) < 0, file);
        }

        var decrypted = await site.WithDbAsync(async db => string.Join('\n',
            (await db.DataSubjects.ToListAsync()).SelectMany(s => new[] { s.LastName, s.Email, s.Phone })
            .Concat((await db.Appeals.ToListAsync()).SelectMany(a => new[] { a.ContactName.LastName, a.ContactEmail, a.Message }))
            .Concat((await db.Outbox.ToListAsync()).SelectMany(m => new[] { m.ToAddress, m.TextBody }))));
        Assert.DoesNotContain(email, decrypted, StringComparison.Ordinal);
        Assert.DoesNotContain("Уничтожаемова", decrypted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Depersonalization_keeps_anonymous_appeals_for_statistics()
    {
        await SubmitAppealAsync(site, "depersonalize@example.kz");
        var subject = await site.SubjectWithEmailAsync("depersonalize@example.kz");

        await using (var scope = site.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<PersonalDataLifecycle>().DepersonalizeAsync(subject!.Id, DateTimeOffset.UtcNow, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
        }

        var appeal = await site.WithDbAsync(db => db.Appeals.SingleAsync(a => a.SubjectId == subject!.Id));
        Assert.Equal((string.Empty, string.Empty, string.Empty), (appeal.ContactEmail, appeal.ContactName.LastName, appeal.Message));
        Assert.Equal(Appeals.AppealTopic.Question, appeal.Topic);
        Assert.Equal(SubjectStatus.Depersonalized, (await site.WithDbAsync(db => db.DataSubjects.SingleAsync(s => s.Id == subject!.Id))).Status);
    }

    [Fact]
    public async Task The_scheduled_job_destroys_withdrawn_data_when_due_and_marks_late_requests_overdue()
    {
        await SubmitAppealAsync(site, "job-destroy@example.kz");
        await SubmitAppealAsync(site, "job-late@example.kz");
        var withdrawn = await site.SubjectWithEmailAsync("job-destroy@example.kz");
        var late = await site.SubjectWithEmailAsync("job-late@example.kz");
        var past = DateTimeOffset.UtcNow.AddDays(-10);
        await site.WithDbAsync(async db =>
        {
            (await db.DataSubjects.SingleAsync(s => s.Id == withdrawn!.Id)).Block(BlockReason.ConsentWithdrawn, past, past.AddDays(1));
            db.Requests.Add(new DataSubjectRequest(late!.Id, RequestType.Access, RequestChannel.Email, past, past.AddDays(3)));
            db.Requests.Add(new DataSubjectRequest(late.Id, RequestType.Update, RequestChannel.Email, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1)));
            return await db.SaveChangesAsync();
        });

        var (overdue, destroyed) = await site.Services.GetRequiredService<MaintenanceWorker>().RunOnceAsync(CancellationToken.None);

        Assert.True(overdue >= 1);
        Assert.True(destroyed >= 1);
        Assert.Equal(SubjectStatus.Destroyed, (await site.WithDbAsync(db => db.DataSubjects.SingleAsync(s => s.Id == withdrawn!.Id))).Status);
        var requests = await site.WithDbAsync(db => db.Requests.Where(r => r.SubjectId == late!.Id).ToListAsync());
        Assert.True(requests.Single(r => r.Type == RequestType.Access).IsOverdue);
        Assert.False(requests.Single(r => r.Type == RequestType.Update).IsOverdue);
    }

    [Fact]
    public async Task New_requests_get_the_legal_due_date_from_the_configured_table()
    {
        await SubmitAppealAsync(site, "due-date@example.kz");
        await AskForLinkAsync(Browser(site), "due-date@example.kz");
        var subject = await site.SubjectWithEmailAsync("due-date@example.kz");
        var deadlines = site.Services.GetRequiredService<RequestDeadlines>();

        await using var scope = site.Scope();
        var register = scope.ServiceProvider.GetRequiredService<RequestRegister>();
        var update = register.Open(subject!.Id, RequestType.Update, RequestChannel.Email);
        var access = register.Open(subject.Id, RequestType.Access, RequestChannel.Email);

        Assert.Equal(deadlines.DueAt(RequestType.Update, update.ReceivedAt), update.DueAt);
        Assert.True(access.DueAt > update.DueAt);
        Assert.InRange(access.DueAt - access.ReceivedAt, TimeSpan.FromDays(3), TimeSpan.FromDays(12));
    }
}

public sealed class LifecycleTests(SiteFactory site) : LifecycleScenarios(site), IClassFixture<SiteFactory>;

[Collection(OnPostgreSql.Name)]
public sealed class LifecycleOnPostgreSqlTests(PostgreSqlSiteFactory site) : LifecycleScenarios(site), IClassFixture<PostgreSqlSiteFactory>;
