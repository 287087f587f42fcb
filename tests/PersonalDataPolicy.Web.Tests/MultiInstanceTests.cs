using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Web.Commands;
using PersonalDataPolicy.Web.Features.Ledger;
using PersonalDataPolicy.Web.Features.Requests;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// Issue 14: two site processes on one PostgreSQL database, real Kestrel and real SMTP. Every visitor fetches each form
/// from one instance and posts it to the other (its antiforgery cookie and token were made by the first), appeals and
/// "my data" link requests in a burst over both; the instance that holds the singleton jobs' leases is killed with
/// SIGKILL mid-burst. Every acknowledged appeal must be stored with its consent events, the one ledger must verify, every
/// mail must reach the SMTP server once, and the survivor must take over the singleton jobs within a lease period.
/// </summary>
[Collection(OnPostgreSql.Name)]
public sealed class MultiInstanceTests : IAsyncLifetime, IAsyncDisposable
{
    private static readonly TimeSpan LeasePeriod = TimeSpan.FromSeconds(3);
    private static readonly string[] Singletons = [MaintenanceWorker.Lease, LedgerVerificationWorker.Lease];

    private readonly string _root = Directory.CreateTempSubdirectory("pdp-instances-").FullName;
    private readonly string _blindIndexKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    // A relay that takes a moment over each recipient, as real ones do: the dispatcher spends its time before the relay
    // accepts, and a kill lands only rarely in the instant between the relay's "250 OK" and the row marked sent (the one
    // moment where at-least-once delivery can send a mail twice; see docs/deployment.md).
    private readonly SmtpCapture _smtp = new() { RecipientDelay = TimeSpan.FromMilliseconds(150) };
    private readonly string _database;
    private readonly ITestOutputHelper _output;

    public MultiInstanceTests(ITestOutputHelper output)
    {
        _output = output;
        _database = PostgreSqlServer.Shared.CreateDatabase();
        _smtp.Start();
    }

    [Fact]
    public async Task Two_instances_on_one_database_one_killed_mid_burst_lose_nothing_send_nothing_twice_and_hand_over_the_singletons()
    {
        var elapsed = Stopwatch.StartNew();
        var phases = new List<string>();
        void Phase(string name) => phases.Add($"{name} {elapsed.Elapsed.TotalSeconds:0.0} s");
        // The first instance makes the key ring and takes the leases; the second reads the same ring from the database.
        await using var first = await SiteProcess.StartAsync(Ports.Free(), Settings("a"));
        await Eventually.HoldsAsync(async () => await LeaseHoldersAsync(first.Id) == Singletons.Length, "the first instance holds the singleton leases");
        await using var second = await SiteProcess.StartAsync(Ports.Free(), Settings("b"));
        SiteProcess[] sites = [first, second];
        Phase("both started");

        var appeals = new ConcurrentBag<string>();
        var links = new ConcurrentBag<(string Email, int Instance)>();
        using var stop = new CancellationTokenSource();
        var balancer = new Balancer(sites);
        var clients = Enumerable.Range(0, 6).Select(i => Task.Run(() => VisitUntilStoppedAsync(i, balancer, appeals, links, stop.Token))).ToList();

        await Eventually.HoldsAsync(() => appeals.Count >= 20 && links.Count >= 4, "a burst under way on both instances", TimeSpan.FromSeconds(120));
        // The instance running the singleton jobs is the one killed (on a loaded machine a slow renewal may have moved a lease).
        var (victim, survivor) = await LeaseHolderAsync(LedgerVerificationWorker.Lease) == second.Id ? (second, first) : (first, second);
        Phase("burst");
        var killedAt = Stopwatch.StartNew();
        var killTime = DateTimeOffset.UtcNow;
        await victim.KillAsync(); // SIGKILL: no shutdown, no lease released
        var inFlight = await InFlightAtAsync(victim.Id);
        var beforeKill = appeals.Count;
        await Eventually.HoldsAsync(() => appeals.Count >= beforeKill + 10, "appeals acknowledged by the survivor after the kill", TimeSpan.FromSeconds(120));
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        await Eventually.HoldsAsync(async () => await LeaseHoldersAsync(survivor.Id) == Singletons.Length, "the survivor took over the singleton leases", LeasePeriod * 4);
        var takeOver = killedAt.Elapsed;
        Phase("after the kill and the take-over");
        await using var db = ReadDatabase();
        try
        {
            await Eventually.HoldsAsync(() => db.AuditLog.AnyAsync(e => e.Action == AuditAction.VerifiedLedger && e.StaffUserId == VerifyLedgerHandler.ScheduledActor && e.At > killTime),
                "the survivor ran the scheduled ledger verification after taking it over");
        }
        catch (TimeoutException e)
        {
            var recorded = await db.AuditLog.Where(a => a.StaffUserId == VerifyLedgerHandler.ScheduledActor).Select(a => new { a.Action, a.At }).ToListAsync();
            throw new TimeoutException($"{e.Message} Killed at {killTime:O}; scheduled verifications: {string.Join(", ", recorded.Select(r => $"{r.Action} {r.At:O}"))}\n{survivor.Console}", e);
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{survivor.Port}") };
        var found = 0;
        foreach (var receipt in appeals)
        {
            found += (await http.GetAsync($"/en/consent/receipts/{receipt}")).StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        var ids = appeals.ToList();
        var withConsent = await db.ConsentEvents.Where(e => e.ReceiptId != null && ids.Contains(e.ReceiptId)).Select(e => e.ReceiptId).Distinct().CountAsync();
        var (ledgerExit, ledger) = await SiteProcess.RunCommandAsync(Settings(survivor == first ? "a" : "b"), [VerifyLedgerCommand.Name]);
        Phase("receipts and ledger checked");

        // The killed instance's claimed rows come back when their row leases (Mail:LeaseDuration) run out.
        await Eventually.HoldsAsync(() => db.Outbox.AllAsync(m => m.Status != MailStatus.Pending), "the outbox drained", TimeSpan.FromSeconds(180));
        Phase("outbox drained");
        var sent = (await db.Outbox.Where(m => m.Status == MailStatus.Sent).Select(m => m.Id).ToListAsync()).Select(id => id.ToString("N")).ToHashSet();
        var deliveries = _smtp.Messages.GroupBy(m => (m.MessageId ?? string.Empty).Split('@')[0]).ToDictionary(g => g.Key, g => g.Count());
        var sentTwice = deliveries.Count(d => d.Value > 1);
        // How close to the kill the relay had accepted each mail sent twice: the width of the window left open.
        var acceptedBeforeKill = deliveries.Where(d => d.Value > 1)
            .Select(d => (killTime - _smtp.Accepted.Where(a => (a.MessageId ?? string.Empty).Split('@')[0] == d.Key).Min(a => a.At)).TotalMilliseconds)
            .Select(ms => $"{ms:0} ms").ToList();
        var mailsLost = sent.Count(id => !deliveries.ContainsKey(id));
        var linksMailed = await db.Outbox.CountAsync(m => m.Template == "access-link" && m.Status == MailStatus.Sent);
        var linksAtSurvivor = links.Count(l => l.Instance == Array.IndexOf(sites, survivor));
        var keyRing = await db.DataProtectionKeys.Select(k => k.Xml ?? string.Empty).ToListAsync();

        var line = $"instances 2, acknowledged {appeals.Count}, found {found}, lost {appeals.Count - found}, sent twice {sentTwice}";
        var details = $"with consent events {withConsent}; ledger {(ledgerExit == 0 ? "intact" : "BROKEN")}; mails sent {sent.Count}, delivered {deliveries.Count}, never delivered {mailsLost}; "
            + $"in flight at the killed instance {inFlight.Count}{(acceptedBeforeKill.Count > 0 ? $" (sent twice: accepted by the relay {string.Join(", ", acceptedBeforeKill)} before the kill)" : string.Empty)}; key ring in the database: {keyRing.Count} key(s), encrypted {keyRing.Count(x => x.Contains("<encryptedSecret", StringComparison.Ordinal))}; "
            + $"\"my data\" links asked {links.Count} ({linksAtSurvivor} at the survivor), mailed {linksMailed}; singletons taken over {takeOver.TotalSeconds:0.0} s after the kill (lease period {LeasePeriod.TotalSeconds:0} s); time: {string.Join(", ", phases)}";
        _output.WriteLine(line);
        _output.WriteLine(details);
        Console.WriteLine(line);
        Console.WriteLine(details);

        Assert.Equal(appeals.Count, found);
        Assert.Equal(appeals.Count, withConsent);
        Assert.True(ledgerExit == 0, ledger);
        // At-least-once delivery (docs/deployment.md, "Mail sent once"): only a row the killed instance had claimed and
        // not yet marked sent may go out twice — it may have reached the relay just before the kill. Any other
        // duplicate would be two live instances sending one row.
        var twice = deliveries.Where(d => d.Value > 1).Select(d => d.Key).ToList();
        Assert.True(twice.All(inFlight.Contains), $"sent twice, not in flight at the killed instance: {string.Join(", ", twice.Except(inFlight))}");
        Assert.Equal(0, mailsLost);
        Assert.Equal(sent.Count + deliveries.Values.Sum(n => n - 1), _smtp.Messages.Count);
        Assert.NotEmpty(keyRing);
        Assert.All(keyRing, xml => Assert.DoesNotContain("<masterKey", xml));

        // A link request is queued in the memory of the instance that answered it (docs/deployment.md): those the
        // survivor answered are all mailed; the killed one's last few may not be (and one it handled as it died may
        // be mailed without its answer reaching the visitor).
        Assert.True(linksMailed >= linksAtSurvivor, $"{linksMailed} links mailed for {linksAtSurvivor} asked at the survivor");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // xunit 2 calls IAsyncLifetime on a test class, never IAsyncDisposable: every run left its folder behind.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        await _smtp.DisposeAsync();
        PostgreSqlServer.Shared.DropDatabase(_database);
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying process: the temp cleaner takes it.
        }
    }

    /// <summary>
    /// One visitor: each form comes from one instance and goes back to the other, alternating, so the antiforgery cookie
    /// and token made by one are checked by the other; every third round asks for a "my data" link for an address it used.
    /// </summary>
    private static async Task VisitUntilStoppedAsync(int client, Balancer balancer, ConcurrentBag<string> appeals, ConcurrentBag<(string, int)> links, CancellationToken stop)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() });
        string? known = null;
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var (from, to) = balancer.Pair(client + i);
            var at = from;
            try
            {
                if (i % 3 == 2 && known is { } email)
                {
                    var form = await http.GetStringAsync($"http://127.0.0.1:{from.Port}/en/my-data", stop);
                    at = to;
                    var response = await http.PostAsync($"http://127.0.0.1:{to.Port}/en/my-data", new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["Email"] = email,
                        ["__RequestVerificationToken"] = Forms.TokenIn(form),
                        ["form-started"] = Forms.StartedIn(form)!,
                    }), stop);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        links.Add((email, balancer.IndexOf(to)));
                    }

                    continue;
                }

                var page = await http.GetStringAsync($"http://127.0.0.1:{from.Port}/en/appeal", stop);
                var fields = Forms.ValidAppeal(email: $"instances-{client}-{i}@example.kz");
                fields["__RequestVerificationToken"] = Forms.TokenIn(page);
                fields["form-started"] = Forms.StartedIn(page)!;
                at = to;
                var posted = await http.PostAsync($"http://127.0.0.1:{to.Port}/en/appeal", new FormUrlEncodedContent(fields), stop);
                if (posted.StatusCode == HttpStatusCode.Redirect)
                {
                    // The receipt is the fund's acknowledgement: from here on, the appeal must never be lost.
                    appeals.Add(posted.Headers.Location!.OriginalString.Split('/')[^1]);
                    known = fields["Form.Email"];
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                if (e is HttpRequestException)
                {
                    balancer.TakeOutOfRotation(at);
                }

                // A visitor's pause before trying again (the load, not a wait for a condition): a dead site refuses at once.
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    /// <summary>As nginx does with an upstream that refuses connections: the instance is taken out of rotation.</summary>
    private sealed class Balancer(SiteProcess[] sites)
    {
        private readonly ConcurrentDictionary<int, bool> _down = new();

        public int IndexOf(SiteProcess site) => Array.IndexOf(sites, site);

        public void TakeOutOfRotation(SiteProcess site)
        {
            if (site.HasExited)
            {
                _down[IndexOf(site)] = true;
            }
        }

        /// <summary>Two different instances while both are up; the survivor for both afterwards.</summary>
        public (SiteProcess From, SiteProcess To) Pair(int round)
        {
            var up = sites.Where((_, i) => !_down.ContainsKey(i)).ToArray();
            return (up[round % up.Length], up[(round + 1) % up.Length]);
        }
    }

    /// <summary>The outbox rows a dispatcher of the process had claimed and not finished (its owner name holds the process id).</summary>
    private async Task<HashSet<string>> InFlightAtAsync(int processId)
    {
        await using var db = ReadDatabase();
        var owner = $":{processId}:";
        var ids = await db.Outbox.Where(m => m.Status == MailStatus.Pending && m.LeaseOwner != null && m.LeaseOwner.Contains(owner)).Select(m => m.Id).ToListAsync();
        return ids.Select(id => id.ToString("N")).ToHashSet();
    }

    /// <summary>The process that holds a lease now, by the process id in its holder name; 0 for none.</summary>
    private async Task<int> LeaseHolderAsync(string lease)
    {
        await using var db = ReadDatabase();
        var now = DateTimeOffset.UtcNow;
        var holder = await db.Leases.Where(l => l.Name == lease && l.ExpiresAt > now).Select(l => l.Holder).SingleOrDefaultAsync();
        return holder is null ? 0 : int.Parse(holder.Split(':')[^2], CultureInfo.InvariantCulture);
    }

    /// <summary>How many of the singleton jobs' leases the process holds, unexpired.</summary>
    private async Task<int> LeaseHoldersAsync(int processId)
    {
        await using var db = ReadDatabase();
        var now = DateTimeOffset.UtcNow;
        var holder = $":{processId}:";
        return await db.Leases.CountAsync(l => Singletons.Contains(l.Name) && l.Holder.Contains(holder) && l.ExpiresAt > now);
    }

    private Dictionary<string, string> Settings(string instance) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Testing",
        ["Database__Provider"] = "PostgreSql",
        ["ConnectionStrings__Default"] = PostgreSqlServer.Shared.ConnectionString(_database),
        ["Database__DataDirectory"] = Path.Combine(_root, instance),
        ["PersonalData__BlindIndexKey"] = _blindIndexKey,
        ["PersonalData__KeyEncryptionCertificatePath"] = KeyRingCertificate.WriteTo(Path.Combine(_root, "certificate")),
        ["PersonalData__KeyEncryptionCertificatePassword"] = KeyRingCertificate.Password,
        ["Leases__Period"] = LeasePeriod.ToString("c", CultureInfo.InvariantCulture),
        ["Mail__Delivery"] = "Smtp",
        ["Mail__Smtp__Host"] = "127.0.0.1",
        ["Mail__Smtp__Port"] = _smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Mail__Smtp__Security"] = "None",
        ["Mail__PublicBaseUrl"] = "http://localhost",
        ["Mail__PollInterval"] = "00:00:00.200",
        // A row's lease must outlast its slowest delivery (each SMTP step may take up to the timeout): on this loaded
        // machine a 5 s lease ran out under a slow send (5 s timeout) and another instance sent the row too. It is also
        // how long the test waits, idle, for the killed instance's rows (issue 13): four steps at the timeout and as long
        // again for claiming and marking. A step that times out is a failed attempt, tried again later: never a second send.
        ["Mail__LeaseDuration"] = "00:00:12",
        ["Mail__Smtp__Timeout"] = "00:00:02",
        ["RateLimiting__AppealsPerMinute"] = "100000",
        ["RateLimiting__MyDataLinksPerMinute"] = "100000",
        ["RateLimiting__PostsPerMinute"] = "100000",
        ["Forms__MinimumFillSeconds"] = "0",
        ["Serilog__MinimumLevel__Default"] = "Warning",
    };

    /// <summary>Counts and ids only: nothing here decrypts personal data, so the site's keys are not needed.</summary>
    private PostgreSqlAppDbContext ReadDatabase() =>
        new(new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql(PostgreSqlServer.Shared.ConnectionString(_database)).Options, DesignTimeProtector.Instance);
}
