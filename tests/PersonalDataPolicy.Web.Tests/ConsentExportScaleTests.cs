using System.Diagnostics;
using System.Net;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using static PersonalDataPolicy.Web.Tests.Infrastructure.StaffJourney;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>Runs alone: measuring live memory while other test classes allocate would measure them too.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "Memory measurement";
}

/// <summary>The consent-history export streams: 100,000 events go out without the server holding them.</summary>
[Collection(MemoryMeasurement.Name)]
public sealed class ConsentExportScaleTests(SiteFactory site, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<SiteFactory>
{
    private const int Rows = 100_000;

    [Fact]
    public async Task Exporting_a_hundred_thousand_events_stays_within_a_memory_bound()
    {
        var settingUp = Stopwatch.StartNew();
        await MyDataJourney.SubmitAppealAsync(site, "scale@example.kz");
        await SeedAsync();
        var key = await CreateStaffAsync(site, "scale-officer@fund.kz", twoFactor: true, StaffRoles.ComplianceOfficer);
        var officer = Browser(site);
        await SignInAsync(officer, "scale-officer@fund.kz", authenticatorKey: key);
        output.WriteLine($"set up (an appeal, {Rows:N0} seeded events, an officer signed in) in {settingUp.Elapsed.TotalSeconds:F1} s");
        var exporting = Stopwatch.StartNew();
        var collecting = Stopwatch.StartNew();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        collecting.Stop();

        using var response = await officer.GetAsync("/admin/consents.csv", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long bytes = 0, lines = 0, peak = 0, samples = 0;
        for (int read; (read = await body.ReadAsync(buffer)) > 0;)
        {
            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            // Every 16 MB: a full collection of the test host's heap, late in the run, costs up to a second.
            if (bytes >= (samples + 1) * 16_000_000)
            {
                samples++;
                // Live objects only (a full collection first): what the server holds, not garbage waiting for the GC.
                collecting.Start();
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                collecting.Stop();
            }
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(lines >= Rows + 1, $"{lines} lines");
        var growth = peak - baseline;
        output.WriteLine($"streamed {bytes / 1_000_000} MB in {exporting.Elapsed.TotalSeconds:F1} s, of which {samples + 1} live-heap measurements (full collections) {collecting.Elapsed.TotalSeconds:F1} s; live heap {baseline / 1_000_000} MB before, grew {growth / 1_000_000} MB at most");
        Assert.True(bytes > 30_000_000, $"{bytes} bytes");

        // Holding the events or the file would cost at least the file's size; streaming costs a small, fixed amount.
        Assert.True(growth < bytes / 2, $"heap grew {growth / 1_000_000} MB while streaming {bytes / 1_000_000} MB");
    }

    /// <summary>The events in one statement: a row at a time from C# took longer than the export it feeds.</summary>
    private async Task SeedAsync()
    {
        await using var connection = site.OpenRawConnection();
        await using var command = connection.CreateCommand();
        const string guid = "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))";
        command.CommandText = $"""
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $rows)
            INSERT INTO ConsentEvents (Id, Sequence, SubjectId, Purpose, Action, PolicyVersion, PolicyTextSha256, Language, Channel, OccurredAt, Wording, ReceiptId, PreviousHash, Hash)
            SELECT {guid}, 1000 + i, {guid}, 'PersonalDataProcessing', 'Granted', 1, $sha, 'kk', 'WebForm', 0, $wording, NULL, $sha, $sha FROM n
            """;
        command.Parameters.AddWithValue("$rows", Rows);
        command.Parameters.AddWithValue("$sha", new string('a', 64));
        command.Parameters.AddWithValue("$wording", "Мен «Әлеуметтік медициналық сақтандыру қоры» КеАҚ-ның дербес деректерімді өңдеуіне келісемін, Саясаттың 1-нұсқасы.");
        Assert.Equal(Rows, await command.ExecuteNonQueryAsync());
    }
}
