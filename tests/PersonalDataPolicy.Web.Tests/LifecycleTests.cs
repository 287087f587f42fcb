using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Approvals;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Erasure;
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
    private const string LastName = "Уничтожаемова";
    private const string FirstName = "Жұлдызайгүл";
    private const string Patronymic = "Ерасылқызы";
    private const string EmailTyped = "Destroy.Me.7731@Example.KZ";
    private const string Email = "destroy.me.7731@example.kz";
    private const string PhoneTyped = "8 (707) 733-19-41";

    /// <summary>Every form in which the person's data could be stored: as typed, normalized, lower-case, E.164, national, displayed.</summary>
    private static readonly string[] Secrets =
        [LastName, FirstName, Patronymic, EmailTyped, Email, "destroy.me.7731", PhoneTyped, "+77077331941", "7077331941", "707 733 19 41", "Unforgettable-7731"];

    [Fact]
    public async Task After_destruction_no_table_file_or_mail_folder_holds_the_person_and_a_certificate_without_personal_data_records_it()
    {
        var fields = Forms.ValidAppeal(LastName, FirstName, EmailTyped, PhoneTyped);
        fields["Form.Patronymic"] = Patronymic;
        fields["Form.Message"] = $"Please call {FirstName} about Unforgettable-7731.";
        fields["Form.ConsentToMarketing"] = "true";
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await Forms.PostAppealAsync(Browser(site), "en", fields)).StatusCode);
        var subject = await site.SubjectWithEmailAsync(Email);
        await AskForLinkAsync(Browser(site), Email); // a token and a mail with the address (in the background)
        await Eventually.HoldsAsync(() => site.WithDbAsync(db => db.VerificationTokens.AnyAsync(t => t.SubjectId == subject!.Id && t.Purpose == TokenPurpose.Access)), "an access link");

        // Staff's free text naming the person, everywhere staff can type it.
        var said = $"Called {LastName} {FirstName} on {PhoneTyped}, wrote to {EmailTyped}";
        var now = DateTimeOffset.UtcNow;
        var (open, rejected) = (new DataSubjectRequest(subject!.Id, RequestType.Access, RequestChannel.Email, now, now.AddDays(10)),
            new DataSubjectRequest(subject.Id, RequestType.Update, RequestChannel.Email, now, now.AddDays(10)));
        rejected.Reject(said, now);
        await using (var scope = site.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Requests.AddRange(open, rejected);
            db.RequestNotes.Add(new RequestNote(open.Id, "staff-1", said, now));
            db.PendingApprovals.Add(PendingApproval.DestroySubject(subject.Id, "staff-1", said, ErasureGround.SubjectDemand, AccessPurpose.AnsweringRequest, now));
            db.InboundMail.Add(new InboundMail("destroy-me-message", InboundOutcome.ConfirmationLinkSent, now, subject.EmailIndex));
            await scope.ServiceProvider.GetRequiredService<PersonalDataLifecycle>()
                .BlockAsync(subject.Id, BlockReason.StaffDecision, now, now.AddSeconds(-1), "staff-1", AccessPurpose.ComplianceReview, said, CancellationToken.None);
            await db.SaveChangesAsync();
        }

        // Every mail of the person has left the outbox, so no copy is written after the destruction.
        await Eventually.HoldsAsync(() => site.WithDbAsync(db => db.Outbox.AllAsync(m => m.SubjectId != subject.Id || m.Status != MailStatus.Pending)), "the person's mails sent");
        var mailFiles = Directory.GetFiles(site.PickupDirectory);
        Assert.Contains(mailFiles, f => File.ReadAllText(f).Contains("Unforgettable", StringComparison.Ordinal) || File.ReadAllText(f).Contains(Email, StringComparison.Ordinal));

        var (_, destroyed) = await site.Services.GetRequiredService<MaintenanceWorker>().RunOnceAsync(CancellationToken.None);

        Assert.True(destroyed >= 1);
        Assert.Null(await site.SubjectWithEmailAsync(Email));
        var (tombstone, requests, notes, history, approval, inbound, tokens, appeals, certificate, audit, receipts) = await site.WithDbAsync(async db => (
            await db.DataSubjects.SingleAsync(s => s.Id == subject.Id),
            await db.Requests.Where(r => r.SubjectId == subject.Id).ToListAsync(),
            await db.RequestNotes.CountAsync(n => n.RequestId == open.Id),
            await db.BlockHistory.SingleAsync(e => e.SubjectId == subject.Id),
            await db.PendingApprovals.SingleAsync(a => a.Target == subject.Id.ToString()),
            await db.InboundMail.SingleAsync(m => m.MessageIdHash == "destroy-me-message"),
            await db.VerificationTokens.CountAsync(t => t.SubjectId == subject.Id),
            await db.Appeals.CountAsync(a => a.SubjectId == subject.Id),
            await db.ErasureCertificates.SingleAsync(c => c.SubjectId == subject.Id),
            await db.AuditLog.SingleAsync(e => e.SubjectId == subject.Id && e.Action == AuditAction.DestroyedSubject),
            await db.ConsentReceipts.Where(r => r.SubjectId == subject.Id).Select(r => r.Id).ToListAsync()));
        Assert.Equal(SubjectStatus.Destroyed, tombstone.Status);
        Assert.Equal((RequestStatus.ClosedOnErasure, (string?)null), (requests.Single(r => r.Id == open.Id).Status, requests.Single(r => r.Id == open.Id).RejectionReason));
        Assert.Equal((RequestStatus.Rejected, (string?)null), (requests.Single(r => r.Id == rejected.Id).Status, requests.Single(r => r.Id == rejected.Id).RejectionReason));
        Assert.Equal((0, 0, 0), (notes, tokens, appeals));
        Assert.Equal((BlockChange.Blocked, "staff-1", AccessPurpose.ComplianceReview, (string?)null), (history.Change, history.StaffUserId, history.Purpose, history.Note));
        Assert.Null(approval.Reason);
        Assert.Null(inbound.SenderIndex);
        Assert.True((await site.VerifyLedgerAsync()).IsIntact);

        // The certificate: ground, the schedule as actor, every category, and nothing personal (ids only).
        Assert.Equal((ErasureKind.Destroyed, ErasureGround.RetentionEnded, (string?)null, 1), (certificate.Kind, certificate.Ground, certificate.PerformedBy, certificate.RequestsClosed));
        var expected = ErasedCategories.Name | ErasedCategories.ContactDetails | ErasedCategories.Appeals | ErasedCategories.Mails | ErasedCategories.AccessLinks
            | ErasedCategories.RequestNotes | ErasedCategories.RejectionReasons | ErasedCategories.StaffReasons | ErasedCategories.InboundMailSenders;
        Assert.Equal(expected, certificate.Categories);
        Assert.Equal(string.Join(' ', receipts.Order(StringComparer.Ordinal)), certificate.ReceiptIds);
        Assert.Equal((PersonalDataLifecycle.ScheduleActor, AccessPurpose.LegalObligation), (audit.StaffUserId, audit.Purpose));
        Assert.Contains(certificate.Id.ToString(), audit.Details);

        // The request page, where the tester found the note, shows the outcome and nothing of the person.
        var staff = await SignedInStaff.CreateAsync(site, "destruction-reader@fund.kz", Data.Staff.StaffRoles.Staff);
        var requestPage = await staff.Client.GetStringAsync($"/admin/requests/{open.Id}");
        Assert.Contains("Closed: personal data erased", requestPage);
        Assert.All(Secrets, secret => Assert.DoesNotContain(secret, requestPage, StringComparison.OrdinalIgnoreCase));

        // Nothing left as bytes: every database file (the write-ahead log included) and every mail file, UTF-8 and UTF-16.
        var files = site.DatabaseFiles().Concat(Directory.GetFiles(site.PickupDirectory)).ToList();
        Assert.Contains(files, f => f.EndsWith(".db", StringComparison.Ordinal) || f.Contains("pg_wal", StringComparison.Ordinal) || f.Contains("base", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = await FileBytes.ReadSharedAsync(file);
            foreach (var secret in Secrets)
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"{Path.GetFileName(file)} holds '{secret}' in UTF-8");
                Assert.True(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) < 0, $"{Path.GetFileName(file)} holds '{secret}' in UTF-16");
            }
        }

        // Nor in any text column as the database itself reads it, nor in any encrypted value the application can still decrypt.
        Assert.Empty(await TextColumnsHoldingAsync(Secrets));
        var decrypted = await site.WithDbAsync(async db => string.Join('\n',
            (await db.DataSubjects.ToListAsync()).SelectMany(s => new[] { s.LastName, s.FirstName, s.Patronymic, s.Email, s.Phone })
            .Concat((await db.Appeals.ToListAsync()).SelectMany(a => new[] { a.ContactName.LastName, a.ContactName.FirstName, a.ContactEmail, a.ContactPhone, a.Message }))
            .Concat((await db.AppealAnswers.ToListAsync()).Select(a => a.Text))
            .Concat((await db.Outbox.ToListAsync()).SelectMany(m => new[] { m.ToAddress, m.TextBody, m.HtmlBody }))
            .Concat((await db.VerificationTokens.ToListAsync()).Select(t => t.NewEmail))
            .Concat((await db.RequestNotes.ToListAsync()).Select(n => n.Text))
            .Concat((await db.Requests.ToListAsync()).Select(r => r.RejectionReason))
            .Concat((await db.BlockHistory.ToListAsync()).Select(e => e.Note))
            .Concat((await db.PendingApprovals.ToListAsync()).Select(a => a.Reason))
            .Concat((await db.AuditLog.ToListAsync()).Select(e => e.Details))));
        Assert.All(Secrets, secret => Assert.DoesNotContain(secret, decrypted, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>"table.column" of every text column holding one of <paramref name="needles"/>, asked of the database in SQL.</summary>
    private async Task<List<string>> TextColumnsHoldingAsync(IEnumerable<string> needles)
    {
        await using var connection = site.OpenDatabaseConnection();
        var sqlite = connection is Microsoft.Data.Sqlite.SqliteConnection;
        var columns = new List<(string Table, string Column)>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = sqlite
                ? "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND (upper(p.type) LIKE '%TEXT%' OR upper(p.type) LIKE '%CHAR%')"
                : "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'character')";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        Assert.True(columns.Count > 50, $"only {columns.Count} text columns found");
        var found = new List<string>();
        foreach (var (table, column) in columns)
        {
            foreach (var needle in needles)
            {
                await using var search = connection.CreateCommand();
                search.CommandText = $"SELECT COUNT(*) FROM \"{table}\" WHERE \"{column}\" LIKE @needle";
                var parameter = search.CreateParameter();
                parameter.ParameterName = "needle";
                parameter.Value = $"%{needle}%";
                search.Parameters.Add(parameter);
                if (Convert.ToInt64(await search.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0)
                {
                    found.Add($"{table}.{column} holds '{needle}'");
                }
            }
        }

        return found;
    }

    [Fact]
    public async Task Depersonalization_keeps_anonymous_appeals_for_statistics()
    {
        await SubmitAppealAsync(site, "depersonalize@example.kz");
        var subject = await site.SubjectWithEmailAsync("depersonalize@example.kz");

        await using (var scope = site.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<PersonalDataLifecycle>()
                .DepersonalizeAsync(subject!.Id, new ErasureDecision(ErasureGround.PurposeAchieved, "staff-1"), DateTimeOffset.UtcNow, CancellationToken.None);
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
