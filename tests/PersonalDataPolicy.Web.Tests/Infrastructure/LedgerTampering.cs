using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Web.Features.Ledger;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>
/// What someone who can write the database file, and nothing else, can do to the consent ledger: raw SQL past the
/// application, hashes recomputed where that helps them. No key ring, no checkpoint file.
/// </summary>
public static class LedgerTampering
{
    /// <summary>The ledger verified as the site verifies it: the chain against the newest signed checkpoint.</summary>
    public static Task<LedgerVerification> VerifyLedgerAsync(this SiteFactory site) =>
        site.Services.GetRequiredService<VerifyLedgerHandler>().VerifyAsync(CancellationToken.None);

    public static Task<long> LedgerHeadAsync(this SiteFactory site) =>
        site.WithDbAsync(db => db.ConsentEvents.MaxAsync(e => e.Sequence));

    public static string CheckpointFile(this SiteFactory site) => Path.Combine(site.DataDirectory, "ledger-checkpoints.jsonl");

    public static async Task<int> DeleteNewestAsync(this SqliteConnection attacker, int count) =>
        await ExecuteAsync(attacker, "DELETE FROM ConsentEvents WHERE Sequence > (SELECT MAX(Sequence) FROM ConsentEvents) - $count", ("$count", count));

    /// <summary>Changes one event's wording and recomputes every hash from there to the head: a chain that verifies on its own.</summary>
    public static async Task<List<ConsentEvent>> RewriteFromAsync(this SiteFactory site, SqliteConnection attacker, long from, string wording)
    {
        var events = await site.WithDbAsync(db => db.ConsentEvents.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());
        Set(events[(int)from - 1], nameof(ConsentEvent.Wording), wording);
        for (var i = (int)from - 1; i < events.Count; i++)
        {
            Set(events[i], nameof(ConsentEvent.PreviousHash), i == 0 ? ConsentEvent.GenesisHash : events[i - 1].Hash);
            Set(events[i], nameof(ConsentEvent.Hash), events[i].ComputeHash());
            await ExecuteAsync(attacker, "UPDATE ConsentEvents SET Wording = $wording, PreviousHash = $previous, Hash = $hash WHERE Sequence = $sequence",
                ("$wording", events[i].Wording), ("$previous", events[i].PreviousHash), ("$hash", events[i].Hash), ("$sequence", events[i].Sequence));
        }

        return events;
    }

    /// <summary>Two rows trade places: each keeps its content and takes the other's sequence.</summary>
    public static async Task SwapAsync(this SqliteConnection attacker, long first, long second)
    {
        // The sequence is unique, so one row waits on a free number while the other moves.
        await ExecuteAsync(attacker, "UPDATE ConsentEvents SET Sequence = -1 WHERE Sequence = $a", ("$a", first));
        await ExecuteAsync(attacker, "UPDATE ConsentEvents SET Sequence = $a WHERE Sequence = $b", ("$a", first), ("$b", second));
        await ExecuteAsync(attacker, "UPDATE ConsentEvents SET Sequence = $b WHERE Sequence = -1", ("$b", second));
    }

    public static Task<int> EditInPlaceAsync(this SqliteConnection attacker, long sequence) =>
        ExecuteAsync(attacker, "UPDATE ConsentEvents SET PolicyVersion = 7 WHERE Sequence = $sequence", ("$sequence", sequence));

    public static async Task<int> ExecuteAsync(this SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    private static void Set(ConsentEvent consentEvent, string property, object value) =>
        typeof(ConsentEvent).GetProperty(property, BindingFlags.Public | BindingFlags.Instance)!.SetValue(consentEvent, value);
}
