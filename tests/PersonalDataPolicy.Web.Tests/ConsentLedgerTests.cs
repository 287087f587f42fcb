using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Web.Tests;

public abstract class ConsentLedgerScenarios(SiteFactory site)
{
    [Fact]
    public async Task Updating_a_ledger_event_through_the_data_layer_is_refused()
    {
        await SubmitAsync("ledger-update@example.kz");

        await using var scope = site.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var consentEvent = await db.ConsentEvents.OrderBy(e => e.Sequence).FirstAsync();
        db.Entry(consentEvent).Property(e => e.Wording).CurrentValue = "I agreed to everything.";

        var refused = await Assert.ThrowsAsync<AppendOnlyViolationException>(() => db.SaveChangesAsync());
        Assert.Contains("append-only", refused.Message);
    }

    [Fact]
    public async Task Deleting_a_ledger_event_through_the_data_layer_is_refused()
    {
        await SubmitAsync("ledger-delete@example.kz");

        await using var scope = site.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var count = await db.ConsentEvents.CountAsync();
        db.ConsentEvents.Remove(await db.ConsentEvents.OrderBy(e => e.Sequence).FirstAsync());

        await Assert.ThrowsAsync<AppendOnlyViolationException>(() => db.SaveChangesAsync());
        Assert.Equal(count, await site.WithDbAsync(other => other.ConsentEvents.CountAsync()));
    }

    [Fact]
    public async Task Tampering_with_a_row_directly_in_the_database_is_detected_by_the_verifier_at_that_row()
    {
        for (var i = 0; i < 3; i++)
        {
            await SubmitAsync($"ledger-tamper-{i}@example.kz", marketing: true);
        }

        var before = await site.VerifyLedgerAsync();
        Assert.True(before.IsIntact, before.Problem);
        Assert.True(before.EventsChecked >= 6);

        var target = before.EventsChecked - 2;
        await using (var connection = site.OpenDatabaseConnection())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE \"ConsentEvents\" SET \"Action\" = 'Withdrawn' WHERE \"Sequence\" = @sequence";
            var sequence = command.CreateParameter();
            sequence.ParameterName = "@sequence";
            sequence.Value = (long)target;
            command.Parameters.Add(sequence);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var after = await site.VerifyLedgerAsync();
        Assert.False(after.IsIntact);
        Assert.Equal(target, after.FirstBrokenSequence);
        Assert.Equal(LedgerFault.ContentChanged, after.Break!.Fault);
        Assert.Equal(target - 1, after.EventsChecked);
    }

    private async Task SubmitAsync(string email, bool marketing = false)
    {
        var client = site.CreateClient();
        var fields = Forms.ValidAppeal(email: email);
        if (marketing)
        {
            fields["Form.ConsentToMarketing"] = "true";
        }

        var response = await Forms.PostAppealAsync(client, "en", fields);
        response.EnsureSuccessStatusCode();
    }
}

public sealed class ConsentLedgerTests(SiteFactory site) : ConsentLedgerScenarios(site), IClassFixture<SiteFactory>;

[Collection(OnPostgreSql.Name)]
public sealed class ConsentLedgerOnPostgreSqlTests(PostgreSqlSiteFactory site) : ConsentLedgerScenarios(site), IClassFixture<PostgreSqlSiteFactory>;
