using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Web.Commands;
using PersonalDataPolicy.Web.Features.Ledger;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static PersonalDataPolicy.Web.Tests.Infrastructure.StaffJourney;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// Issue 10 §4, a ledger whose every gap is detected: appeals append events and a signed checkpoint line each, then someone
/// holding only the database file deletes, rewrites or swaps rows. Each test has its own site, so no tampering leaks.
/// </summary>
public sealed class LedgerIntegrityTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_untouched_ledger_is_intact_against_the_checkpoint_line_written_after_each_commit()
    {
        using var site = new SiteFactory();
        await SubmitAppealsAsync(site, 3);

        var result = await site.VerifyLedgerAsync();
        var lines = CheckpointLines(site);

        Report($"untouched: {Describe(result)}; checkpoint file lines {lines.Count} ({string.Join(", ", lines.Select(l => l.Sequence))})");
        Assert.True(result.IsIntact, result.Problem);
        Assert.Equal(6, result.EventsChecked);
        Assert.Equal(new LedgerHead(6, result.Head!.Hash), result.Head);
        Assert.Equal((6L, result.Head.Hash), (result.Checkpoint!.Sequence, result.Checkpoint.Hash));
        Assert.Equal([2L, 4, 6], lines.Select(l => l.Sequence));
        Assert.Equal(result.Head.Hash, lines[^1].Hash);
    }

    [Fact]
    public async Task Deleting_the_newest_rows_is_reported_as_truncation_and_later_appeals_do_not_hide_it()
    {
        using var site = new SiteFactory();
        await SubmitAppealsAsync(site, 3);

        await using (var attacker = site.OpenRawConnection())
        {
            Assert.Equal(2, await attacker.DeleteNewestAsync(2));
        }

        var truncated = await site.VerifyLedgerAsync();
        Report($"after deleting #5–#6: {Describe(truncated)}");
        Assert.Equal((LedgerFault.Truncated, 5L), (truncated.Break!.Fault, truncated.Break.Sequence));
        Assert.Equal((4L, 4L, 6L), (truncated.EventsChecked, truncated.Head!.Sequence, truncated.Checkpoint!.Sequence));
        Assert.Contains("truncated", truncated.Problem);

        // New appeals chain after the shortened head and take #5… again; the file must not vouch for that chain.
        await SubmitAppealsAsync(site, 2, "after");
        var regrown = await site.VerifyLedgerAsync();
        Report($"after two more appeals: {Describe(regrown)}; last file line #{CheckpointLines(site)[^1].Sequence}");
        Assert.Equal(8, regrown.Head!.Sequence);
        Assert.Equal((LedgerFault.DiffersFromCheckpoint, 6L), (regrown.Break!.Fault, regrown.Break.Sequence));
        Assert.Equal(6, CheckpointLines(site)[^1].Sequence);
    }

    [Fact]
    public async Task A_tail_rewritten_with_recomputed_hashes_passes_the_chain_but_not_the_checkpoint()
    {
        using var site = new SiteFactory();
        await SubmitAppealsAsync(site, 3);

        List<ConsentEvent> rewritten;
        await using (var attacker = site.OpenRawConnection())
        {
            rewritten = await site.RewriteFromAsync(attacker, 3, "I agree to everything, forever.");
        }

        var result = await site.VerifyLedgerAsync();
        Report($"after rewriting #3–#6 with recomputed hashes: chain alone {(LedgerVerifier.Verify(rewritten).IsIntact ? "intact" : "broken")}; {Describe(result)}");
        Assert.True(LedgerVerifier.Verify(rewritten).IsIntact);

        // Every commit left a line (#2, #4, #6): the first one the rewrite contradicts narrows the place down to #3–#4.
        Assert.Equal((LedgerFault.DiffersFromCheckpoint, 4L), (result.Break!.Fault, result.Break.Sequence));
        Assert.Equal(3, result.EventsChecked);
        Assert.Equal(6, result.Checkpoint!.Sequence);
    }

    /// <summary>
    /// Enough events for SQLite to be read in one stretch of sequences per core (on two cores: #1–#6144 and #6145 on), each
    /// on its own connection; tampered where the stretches meet.
    /// </summary>
    [Theory]
    [InlineData("edit", 6144, LedgerFault.ContentChanged, 6144, 6143)] // the last event of the first stretch
    [InlineData("edit", 6145, LedgerFault.ContentChanged, 6145, 6144)] // the first of the second
    [InlineData("delete", 6145, LedgerFault.SequenceGap, 6146, 6144)] // the second stretch starts one too far
    public async Task A_ledger_read_in_stretches_finds_a_break_where_two_stretches_meet(string tamper, long target, LedgerFault fault, long brokenAt, long checkedBefore)
    {
        using var site = new SiteFactory();
        await site.WithDbAsync(async db =>
        {
            var previous = await db.ConsentEvents.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync();
            Assert.Null(previous); // the stretches below assume a ledger that starts here
            for (var i = 0; i < 3 * LedgerChunk.Capacity; i++)
            {
                var consentEvent = new ConsentEvent(Guid.NewGuid(), ConsentPurpose.PersonalDataProcessing, ConsentAction.Granted, 1, new string('a', 64), "kk",
                    ConsentChannel.WebForm, DateTimeOffset.UtcNow, "Мен келісемін", $"r{i}", $"form:r{i}");
                consentEvent.ChainTo(previous);
                db.ConsentEvents.Add(consentEvent);
                previous = consentEvent;
            }

            return await db.SaveChangesAsync();
        });
        Assert.True((await site.VerifyLedgerAsync()).IsIntact);

        await using (var attacker = site.OpenRawConnection())
        {
            Assert.Equal(1, tamper == "edit"
                ? await attacker.EditInPlaceAsync(target)
                : await attacker.ExecuteAsync("DELETE FROM ConsentEvents WHERE Sequence = $sequence", ("$sequence", target)));
        }

        var result = await site.VerifyLedgerAsync();
        Report($"{Environment.ProcessorCount} cores, after the {tamper} of #{target}: {Describe(result)}");
        Assert.Equal((fault, brokenAt, checkedBefore), (result.Break!.Fault, result.Break.Sequence, result.EventsChecked));
        Assert.Equal(3 * LedgerChunk.Capacity, result.Head!.Sequence);
    }

    [Fact]
    public async Task Two_rows_swapped_in_sqlite_break_the_chain_at_the_first_of_them()
    {
        using var site = new SiteFactory();
        await SubmitAppealsAsync(site, 3);

        await using (var attacker = site.OpenRawConnection())
        {
            await attacker.SwapAsync(2, 4);
        }

        var result = await site.VerifyLedgerAsync();
        Report($"after swapping #2 and #4: {Describe(result)}");
        Assert.Equal((LedgerFault.BrokenLink, 2L), (result.Break!.Fault, result.Break.Sequence));
        Assert.Equal(1, result.EventsChecked);
        Assert.Equal(6, result.Head!.Sequence);
    }

    [Fact]
    public async Task The_verify_ledger_command_prints_the_figures_and_exits_non_zero_after_tampering()
    {
        using var site = new SiteFactory();
        await SubmitAppealsAsync(site, 2);
        var head = await site.VerifyLedgerAsync();

        var (intactExit, intact) = await VerifyLedgerCommandAsync(site);
        await using (var attacker = site.OpenRawConnection())
        {
            await attacker.DeleteNewestAsync(1);
        }

        var (brokenExit, broken) = await VerifyLedgerCommandAsync(site);

        Report($"verify-ledger before (exit {intactExit}):\n{intact}verify-ledger after deleting #4 (exit {brokenExit}):\n{broken}");
        Assert.Equal(0, intactExit);
        Assert.Contains("Events checked: 4", intact);
        Assert.Contains($"Head: #4 {head.Head!.Hash}", intact);
        Assert.Contains($"Last checkpoint: #4 {head.Head.Hash} at ", intact);
        Assert.Contains("Ledger intact.", intact);
        Assert.Equal(1, brokenExit);
        Assert.Contains("Events checked: 3", broken);
        Assert.Contains("Head: #3 ", broken);
        Assert.Contains("Last checkpoint: #4 ", broken);
        Assert.Contains("BROKEN at event #4 (Truncated): the ledger was truncated", broken);
        Assert.Contains("(event #4 is missing)", broken);
        Assert.DoesNotContain("intact", broken);
    }

    [Fact]
    public async Task The_scheduled_verification_mails_each_active_officer_once_per_break_and_the_dashboard_alerts_until_it_passes()
    {
        using var site = new SiteFactory();
        await CreateOfficerAsync(site, "ledger-ru@fund.kz", "ru");
        await CreateOfficerAsync(site, "ledger-kk@fund.kz", "kk");
        await CreateOfficerAsync(site, "ledger-gone@fund.kz", "en", active: false);
        await CreateStaffAsync(site, "ledger-staff@fund.kz", twoFactor: false, StaffRoles.Staff);
        var staff = Browser(site);
        await SignInAsync(staff, "ledger-staff@fund.kz");
        await SubmitAppealsAsync(site, 3);
        var worker = site.Services.GetRequiredService<LedgerVerificationWorker>();

        var passed = await worker.RunOnceAsync(CancellationToken.None);
        var audited = await site.WithDbAsync(db => db.AuditLog.Where(e => e.Action == AuditAction.LedgerCheckpoint).Select(e => e.Details!).ToListAsync());
        Assert.True(passed.IsIntact, passed.Problem);
        Assert.Contains(audited, d => d.Contains($"\"sequence\":6,\"hash\":\"{passed.Head!.Hash}\"", StringComparison.Ordinal));

        await using var attacker = site.OpenRawConnection();
        await attacker.ExecuteAsync("CREATE TEMP TABLE Deleted AS SELECT * FROM ConsentEvents WHERE Sequence > 4");
        await attacker.DeleteNewestAsync(2);
        var broken = await worker.RunOnceAsync(CancellationToken.None);
        var mails = await LedgerMailsAsync(site);
        var again = await worker.RunOnceAsync(CancellationToken.None);
        var mailsAfterAgain = (await LedgerMailsAsync(site)).Count;
        var alerted = await staff.GetStringAsync("/admin");

        await attacker.ExecuteAsync("INSERT INTO ConsentEvents SELECT * FROM Deleted");
        var repaired = await worker.RunOnceAsync(CancellationToken.None);
        var cleared = await staff.GetStringAsync("/admin");

        await attacker.EditInPlaceAsync(1);
        var otherBreak = await worker.RunOnceAsync(CancellationToken.None);
        var mailsAfterOtherBreak = (await LedgerMailsAsync(site)).Count;

        Report($"break {broken.Break?.Fault} at #{broken.FirstBrokenSequence}: {mails.Count} mails ({string.Join(", ", mails.Select(m => m.Language))}); " +
            $"same break an hour later: {mailsAfterAgain - mails.Count} new; after repair: {(repaired.IsIntact ? "intact" : "broken")}; " +
            $"new break {otherBreak.Break?.Fault} at #{otherBreak.FirstBrokenSequence}: {mailsAfterOtherBreak - mailsAfterAgain} new mails");
        Assert.Equal((LedgerFault.Truncated, 5L), (broken.Break!.Fault, broken.Break.Sequence));
        Assert.Equal(["ledger-kk@fund.kz", "ledger-ru@fund.kz"], mails.Select(m => m.ToAddress).Order());
        var russian = mails.Single(m => m.Language == "ru");
        var kazakh = mails.Single(m => m.Language == "kk");
        Assert.Equal("Журнал согласий: проверка не пройдена", russian.Subject);
        Assert.Contains("событии № 5", russian.TextBody);
        Assert.Contains("последние события удалены", russian.TextBody);
        Assert.Contains("/admin/ledger", russian.TextBody);
        Assert.Equal("Келісімдер журналы: тексеруден өтпеді", kazakh.Subject);
        Assert.Contains("№5 оқиғадан", kazakh.TextBody);

        Assert.False(again.IsIntact);
        Assert.Equal(mails.Count, mailsAfterAgain);
        Assert.Contains("id=\"ledger-alert\"", alerted);
        Assert.Contains("First broken place: event #5", alerted);
        Assert.Contains("the newest events were deleted", alerted);

        Assert.True(repaired.IsIntact, repaired.Problem);
        Assert.DoesNotContain("id=\"ledger-alert\"", cleared);

        Assert.Equal((LedgerFault.ContentChanged, 1L), (otherBreak.Break!.Fault, otherBreak.Break.Sequence));
        Assert.Equal(mailsAfterAgain + 2, mailsAfterOtherBreak);
    }

    [Fact]
    public async Task The_compliance_page_shows_the_last_checkpoint_and_the_alert_of_the_last_verification()
    {
        using var site = new SiteFactory();
        var key = await CreateStaffAsync(site, "ledger-page@fund.kz", twoFactor: true, StaffRoles.ComplianceOfficer);
        var officer = Browser(site);
        await SignInAsync(officer, "ledger-page@fund.kz", authenticatorKey: key);
        await SubmitAppealsAsync(site, 2);

        var before = await officer.GetStringAsync("/admin/ledger");
        var verified = await (await PostAsync(officer, "/admin/ledger", [], "/admin/ledger")).Content.ReadAsStringAsync();
        await using (var attacker = site.OpenRawConnection())
        {
            await attacker.DeleteNewestAsync(1);
        }

        var broken = await (await PostAsync(officer, "/admin/ledger", [], "/admin/ledger")).Content.ReadAsStringAsync();
        var after = await officer.GetStringAsync("/admin/ledger");

        Assert.Contains("Event #4, signed ", before);
        Assert.Contains("kept in: the checkpoint file", before);
        Assert.DoesNotContain("id=\"ledger-alert\"", before);
        Assert.Contains("Events checked: 4", verified);
        Assert.Contains("The chain is intact.", verified);
        Assert.Contains("It matches the signed checkpoint of event #4.", verified);
        Assert.Contains("The chain is broken at event #4.", broken);
        Assert.Contains("the ledger was truncated", broken);
        Assert.Contains("id=\"ledger-alert\"", after);
        Assert.Contains("First broken place: event #4", after);
    }

    [Fact]
    public void A_verification_interval_under_a_minute_stops_the_site_at_start()
    {
        using var site = new SiteFactory();
        site.Settings["Ledger:VerifyInterval"] = "00:00:05";

        var refused = Assert.ThrowsAny<Exception>(() => site.CreateClient());

        Assert.Contains("VerifyInterval", refused.ToString());
    }

    private void Report(string figures)
    {
        output.WriteLine(figures);
        Console.WriteLine(figures);
    }

    private static string Describe(LedgerVerification result) =>
        $"{(result.IsIntact ? "intact" : $"broken at #{result.FirstBrokenSequence} ({result.Break!.Fault})")}, {result.EventsChecked} events checked, " +
        $"head #{result.Head?.Sequence}, checkpoint #{result.Checkpoint?.Sequence} in the {result.Checkpoint?.Source}";

    /// <summary>Each appeal with marketing consent commits two events in one commit, so the head moves by two.</summary>
    private static async Task SubmitAppealsAsync(SiteFactory site, int count, string prefix = "ledger")
    {
        for (var i = 0; i < count; i++)
        {
            await MyDataJourney.SubmitAppealAsync(site, $"{prefix}-{i}@example.kz", marketing: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> VerifyLedgerCommandAsync(SiteFactory site)
    {
        using var output = new StringWriter();
        var code = await VerifyLedgerCommand.RunAsync(site.Services, output);
        return (code, output.ToString());
    }

    private static List<CheckpointLine> CheckpointLines(SiteFactory site) =>
        [.. File.ReadAllLines(site.CheckpointFile()).Select(l => JsonSerializer.Deserialize<CheckpointLine>(l, JsonSerializerOptions.Web)!)];

    private static Task<List<PersonalDataPolicy.Mail.OutboxMessage>> LedgerMailsAsync(SiteFactory site) =>
        site.WithDbAsync(db => db.Outbox.Where(m => m.Template == "ledger-broken").ToListAsync());

    private static async Task CreateOfficerAsync(SiteFactory site, string email, string language, bool active = true)
    {
        await CreateStaffAsync(site, email, twoFactor: true, StaffRoles.ComplianceOfficer);
        await using var scope = site.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        user.PreferredLanguage = language;
        user.IsActive = active;
        Assert.True((await users.UpdateAsync(user)).Succeeded);
    }

    private sealed record CheckpointLine(long Sequence, string Hash, DateTimeOffset At, string Signature);
}
