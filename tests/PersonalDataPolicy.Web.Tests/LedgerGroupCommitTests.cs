using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>Group commit of the consent ledger (issue 13): many callers' units of work chained and committed together.</summary>
public abstract class LedgerGroupCommitScenarios(SiteFactory site)
{
    [Fact]
    public async Task Many_appeals_at_once_each_get_a_receipt_and_the_ledger_stays_one_chain()
    {
        const int appeals = 32;
        var clients = Enumerable.Range(0, appeals).Select(_ => site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false })).ToList();
        var pages = await Task.WhenAll(clients.Select(c => c.GetStringAsync("/en/appeal")));
        var receiptsBefore = await site.WithDbAsync(db => db.ConsentReceipts.CountAsync());

        var responses = await Task.WhenAll(clients.Select((client, i) =>
        {
            var fields = Forms.ValidAppeal(email: $"group-{i}@example.kz");
            fields["__RequestVerificationToken"] = Forms.TokenIn(pages[i]);
            fields["form-started"] = Forms.StartedIn(pages[i])!;
            return client.PostAsync("/en/appeal", new FormUrlEncodedContent(fields));
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        var receipts = responses.Select(r => r.Headers.Location!.OriginalString.Split('/')[^1]).ToHashSet();
        Assert.Equal(appeals, receipts.Count);
        Assert.Equal(receiptsBefore + appeals, await site.WithDbAsync(db => db.ConsentReceipts.CountAsync()));
        var withEvents = await site.WithDbAsync(db => db.ConsentEvents.Where(e => receipts.Contains(e.ReceiptId!)).Select(e => e.ReceiptId).Distinct().CountAsync());
        Assert.Equal(appeals, withEvents);
        var outbox = await site.WithDbAsync(db => db.Outbox.CountAsync());
        Assert.True(outbox >= appeals, $"{outbox} mails queued for {appeals} appeals");
        var verification = await site.VerifyLedgerAsync();
        Assert.True(verification.IsIntact, verification.Problem);
    }

    [Fact]
    public async Task Units_of_work_waiting_together_share_one_commit_and_one_that_fails_takes_nothing_else_with_it()
    {
        var writer = site.Services.GetRequiredService<LedgerWriter>();
        var carried = new List<int>();
        void Count(int units)
        {
            lock (carried)
            {
                carried.Add(units);
            }
        }

        var headBefore = await site.WithDbAsync(db => db.ConsentEvents.Select(e => (long?)e.Sequence).MaxAsync()) ?? 0;
        var takenEmail = await StoreSubjectAsync($"batch-taken-{Guid.NewGuid():N}@example.kz");

        const int units = 10;
        var scopes = Enumerable.Range(0, units).Select(_ => site.Scope()).ToList();
        writer.Committed += Count;
        try
        {
            List<Task> commits;
            // While another writer holds the ledger, every unit is queued; the writer then finds them all waiting.
            await using (await HoldLedgerAsync())
            {
                commits = scopes.Select((scope, i) => Unit(scope, i == 4 ? takenEmail : $"batch-{Guid.NewGuid():N}@example.kz")).ToList();
            }

            var refused = await Assert.ThrowsAsync<DbUpdateException>(() => commits[4]);
            Assert.DoesNotContain("@", refused.Message); // no address in the message
            await Task.WhenAll(commits.Where((_, i) => i != 4));

            // The writer reports a commit after it has answered the units it carried, so a caller may hear first.
            await Eventually.HoldsAsync(() => Carried() >= units - 1, "the writer reported the commits");
        }
        finally
        {
            writer.Committed -= Count;
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }
        }

        // The first unit may have been taken alone before the others were queued; the rest share one commit.
        Assert.Equal(units - 1, Carried());
        Assert.True(carried.Count <= 2, $"commits carried {string.Join(", ", carried)} units");
        var verification = await site.VerifyLedgerAsync();
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(headBefore + units - 1, verification.Head!.Sequence);
        Assert.Equal(headBefore + units - 1, verification.Checkpoint!.Sequence);

        int Carried()
        {
            lock (carried)
            {
                return carried.Sum();
            }
        }

        Task Unit(AsyncServiceScope scope, string email)
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var subject = new DataSubject(new PersonName("Топтама", "Әсел", null), email, "+77012345678", "kk", site.Services.GetRequiredService<IBlindIndex>(), DateTimeOffset.UtcNow);
            db.DataSubjects.Add(subject);
            return scope.ServiceProvider.GetRequiredService<ConsentLedger>().CommitAsync(
                [new ConsentEvent(subject.Id, ConsentPurpose.PersonalDataProcessing, ConsentAction.Granted, 1, new string('a', 64), "kk", ConsentChannel.WebForm, DateTimeOffset.UtcNow, "Келісемін.", null, "staff:group-commit-test")],
                CancellationToken.None);
        }
    }

    private async Task<string> StoreSubjectAsync(string email)
    {
        await using var scope = site.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.DataSubjects.Add(new DataSubject(new PersonName("Бар", "Әсел", null), email, "+77012345678", "kk", site.Services.GetRequiredService<IBlindIndex>(), DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
        return email;
    }

    /// <summary>Plays a writer of another process: holds what the ledger's writer waits for until disposed.</summary>
    private async Task<IAsyncDisposable> HoldLedgerAsync()
    {
        var connection = site.OpenDatabaseConnection();
        var transaction = await connection.BeginTransactionAsync();
        if (site is PostgreSqlSiteFactory)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT pg_advisory_xact_lock(5495873993171945540)"; // "LEDGERHD", as PostgreSqlAppDbContext
            await command.ExecuteNonQueryAsync();
        }

        return new Held(connection, transaction);
    }

    private sealed class Held(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await connection.DisposeAsync();
        }
    }
}

public sealed class LedgerGroupCommitTests(SiteFactory site) : LedgerGroupCommitScenarios(site), IClassFixture<SiteFactory>;

[Collection(OnPostgreSql.Name)]
public sealed class LedgerGroupCommitOnPostgreSqlTests(PostgreSqlSiteFactory site) : LedgerGroupCommitScenarios(site), IClassFixture<PostgreSqlSiteFactory>;
