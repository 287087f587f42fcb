using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Web.Commands;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// The real site as a separate process, killed with SIGKILL in the middle of a burst of appeals, then started again:
/// every appeal that got a receipt must still be there, with its consent events, the ledger intact, and its mail sent.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("pdp-crash-").FullName;
    private readonly int _port = Ports.Free();

    [Fact]
    public async Task A_process_killed_mid_burst_loses_no_acknowledged_appeal_ledger_event_or_mail()
    {
        await using var site = await SiteProcess.StartAsync(_port, Settings());
        var acknowledged = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 6).Select(i => Task.Run(() => SubmitUntilStoppedAsync(i, acknowledged, stop.Token))).ToList();

        await Eventually.HoldsAsync(() => acknowledged.Count >= 15, "15 appeals acknowledged", TimeSpan.FromSeconds(60));
        await site.KillAsync(); // SIGKILL: no shutdown, no flush, no goodbye
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        await using var restarted = await SiteProcess.StartAsync(_port, Settings());
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}") };
        var found = 0;
        foreach (var receipt in acknowledged)
        {
            found += (await http.GetAsync($"/en/consent/receipts/{receipt}")).StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        await using var db = ReadDatabase();
        var ids = acknowledged.ToList();
        var withConsent = await db.ConsentEvents.Where(e => e.ReceiptId != null && ids.Contains(e.ReceiptId)).Select(e => e.ReceiptId).Distinct().CountAsync();
        // The operators' command on the killed site's data: a checkpoint line lost with the process must not look like tampering.
        var (ledgerExit, ledger) = await SiteProcess.RunCommandAsync(Settings(), [VerifyLedgerCommand.Name]);
        await Eventually.HoldsAsync(() => PendingMails() == 0, "the outbox drained", TimeSpan.FromSeconds(60));
        var mails = Directory.GetFiles(Path.Combine(_data, "mail"), "*.eml").Length;

        var figures = string.Join("; ", ledger.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("Events checked", StringComparison.Ordinal) || l.StartsWith("Last checkpoint", StringComparison.Ordinal)).Select(l => l.Split(" at ")[0]));
        var summary = $"acknowledged {acknowledged.Count}, found {found}, lost {acknowledged.Count - found}; with consent events {withConsent}; ledger {(ledgerExit == 0 ? "intact" : "BROKEN")} ({figures}); mails sent {mails}";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        Assert.Equal(acknowledged.Count, found);
        Assert.Equal(acknowledged.Count, withConsent);
        Assert.True(ledgerExit == 0, ledger);
        Assert.True(mails >= acknowledged.Count, $"{mails} mails for {acknowledged.Count} appeals");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the dying process: the temp cleaner takes it.
        }
    }

    private async Task SubmitUntilStoppedAsync(int client, ConcurrentBag<string> acknowledged, CancellationToken stop)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri($"http://127.0.0.1:{_port}") };
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                var page = await http.GetStringAsync("/en/appeal", stop);
                var fields = Forms.ValidAppeal(email: $"crash-{client}-{i}@example.kz");
                fields["__RequestVerificationToken"] = Forms.TokenIn(page);
                fields["form-started"] = Forms.StartedIn(page)!;
                var response = await http.PostAsync("/en/appeal", new FormUrlEncodedContent(fields), stop);
                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    // The receipt is the fund's acknowledgement: from here on, the appeal must never be lost.
                    acknowledged.Add(response.Headers.Location!.OriginalString.Split('/')[^1]);
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                // A visitor's pause before trying again (the load, not a wait for a condition): a dead site refuses at once.
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Testing",
        ["Database__DataDirectory"] = _data,
        ["Mail__PickupDirectory"] = Path.Combine(_data, "mail"),
        ["Mail__PollInterval"] = "00:00:00.200",

        // Rows the killed process had claimed come back to the outbox when its lease runs out.
        ["Mail__LeaseDuration"] = "00:00:05",
        ["RateLimiting__AppealsPerMinute"] = "100000",
        ["RateLimiting__SignInsPerMinute"] = "100000",
        ["RateLimiting__PostsPerMinute"] = "100000",
        ["Forms__MinimumFillSeconds"] = "0",
        ["Serilog__MinimumLevel__Default"] = "Warning",
    };

    /// <summary>The ledger holds no personal data, so it is read without the site's keys.</summary>
    private SqliteAppDbContext ReadDatabase() =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={Path.Combine(_data, "personal-data-policy.db")}").Options, DesignTimeProtector.Instance);

    private int PendingMails()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_data, "personal-data-policy.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM OutboxMessages WHERE Status = 'Pending'";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
