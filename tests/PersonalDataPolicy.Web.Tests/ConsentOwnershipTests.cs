using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Marketing;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static PersonalDataPolicy.Web.Tests.Infrastructure.MyDataJourney;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// Issue 10 §2, tried as an outsider would: a stranger typing someone's address changes nothing of theirs until the
/// owner confirms from their mailbox; marketing is double opt-in; links do not flood a mailbox.
/// </summary>
public sealed class ConsentOwnershipTests(MailSite mail, ITestOutputHelper output) : IClassFixture<MailSite>
{
    private SiteFactory Site => mail.Site;

    [Fact]
    public async Task A_strangers_appeal_with_an_owners_address_changes_nothing_of_theirs_until_the_owner_confirms()
    {
        const string address = "owner@example.kz";
        await SubmitAppealAsync(Site, address, lastName: "Owner", smtp: mail.Smtp);
        var owner = (await Site.SubjectWithEmailAsync(address))!;
        using (var client = await SignInAsync(Site, mail.Smtp, address))
        {
            await PostFormAsync(client, "/en/my-data/opt-out", [], "/en/my-data/overview");
        }

        // Acknowledgement, sign-in link, opt-out confirmation: wait for all, so later mail counts are stable.
        await mail.Smtp.WaitForAsync(address, 3);
        var ownerBefore = await SnapshotAsync(owner.Id);

        var fields = Forms.ValidAppeal(lastName: "Stranger", firstName: "Mallory", email: address, phone: "+7 702 000 00 01");
        fields["Form.ConsentToMarketing"] = "true";
        var sent = await Forms.PostAppealAsync(Browser(Site), "en", fields);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var receiptPage = await Browser(Site).GetAsync(sent.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, receiptPage.StatusCode);

        // The owner is asked at the address on record, and the mail quotes nothing the stranger typed.
        var question = (await mail.Smtp.WaitForAsync(address, m => m.Subject == "Did you send this appeal?"))[0];
        Assert.DoesNotContain("Stranger", question.TextBody, StringComparison.Ordinal);
        var confirmLink = LinkIn(question);
        Assert.StartsWith("/en/appeal/confirm?token=", confirmLink, StringComparison.Ordinal);

        // Nothing of the owner's changed: record, ledger, appeals, my-data page and export.
        var ownerAfter = await SnapshotAsync(owner.Id);
        Assert.Equal(ownerBefore, ownerAfter);
        using (var ownerSession = await SignInAsync(Site, mail.Smtp, address))
        {
            var overview = await ownerSession.GetStringAsync("/en/my-data/overview");
            var export = await ownerSession.GetStringAsync("/en/my-data/export.json");
            Assert.DoesNotContain("Stranger", overview, StringComparison.Ordinal);
            Assert.DoesNotContain("702 000 00 01", overview, StringComparison.Ordinal);
            Assert.DoesNotContain("Stranger", export, StringComparison.Ordinal);
            Assert.DoesNotContain("+77020000001", export, StringComparison.Ordinal);
        }

        var sender = await Site.WithDbAsync(db => db.DataSubjects.SingleAsync(s => s.ClaimedSubjectId == owner.Id));
        Assert.Equal(SubjectStatus.Unconfirmed, sender.Status);
        var senderEvents = await Site.WithDbAsync(db => db.ConsentEvents.Where(e => e.SubjectId == sender.Id).OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal([ConsentAction.Granted, ConsentAction.Requested], senderEvents.Select(e => e.Action));

        // A mail scanner opening the link confirms nothing.
        Assert.Equal(HttpStatusCode.OK, (await Browser(Site).GetAsync(confirmLink)).StatusCode);
        Assert.Equal(ownerBefore, await SnapshotAsync(owner.Id));
        output.WriteLine($"stranger's appeal before confirmation: owner's record fields changed 0, owner's ledger events added {ownerAfter.Events.Count - ownerBefore.Events.Count}, owner's appeals added {ownerAfter.Appeals - ownerBefore.Appeals}");

        var confirmed = await FollowLinkAsync(Browser(Site), confirmLink);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("joined to your data", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var joined = await SnapshotAsync(owner.Id);
        var added = joined.Events.Skip(ownerBefore.Events.Count).ToList();
        Assert.Equal([(ConsentPurpose.PersonalDataProcessing, ConsentAction.Granted), (ConsentPurpose.MarketingNotifications, ConsentAction.Granted)],
            added.Select(e => (e.Purpose, e.Action)));
        Assert.All(added, e => Assert.Equal(ConsentChannel.Email, e.Channel));
        Assert.All(added, e => Assert.StartsWith("link:", e.Evidence, StringComparison.Ordinal));
        Assert.Equal(ownerBefore.Appeals + 1, joined.Appeals);
        Assert.Equal((ownerBefore.LastName, ownerBefore.Phone), (joined.LastName, joined.Phone));
        Assert.Equal(SubjectStatus.Destroyed, (await Site.WithDbAsync(db => db.DataSubjects.SingleAsync(s => s.Id == sender.Id))).Status);
        output.WriteLine($"after the owner's confirmation: owner's ledger events added {added.Count} (evidence {added[0].Evidence![..5]}…)");

        Assert.Equal(HttpStatusCode.BadRequest, (await FollowLinkAsync(Browser(Site), confirmLink)).StatusCode);
    }

    [Fact]
    public async Task Marketing_is_only_requested_until_the_owner_presses_the_button_in_the_mail()
    {
        const string address = "double-opt-in@example.kz";
        await SubmitAppealAsync(Site, address, marketing: true, smtp: mail.Smtp);
        var subject = (await Site.SubjectWithEmailAsync(address))!;
        Assert.Equal(ConsentStatus.Requested, (await StateAsync(subject.Id)).StatusOf(ConsentPurpose.MarketingNotifications));
        Assert.Equal(0, await QueueMarketingAsync(subject.Id));

        var acknowledgement = (await mail.Smtp.WaitForAsync(address, IsAppealAcknowledgement))[0];
        var optIn = LinkIn(acknowledgement);
        Assert.StartsWith("/en/consent/confirm-marketing?token=", optIn, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Browser(Site).GetAsync(optIn)).StatusCode);
        Assert.Equal(ConsentStatus.Requested, (await StateAsync(subject.Id)).StatusOf(ConsentPurpose.MarketingNotifications));

        var confirmed = await FollowLinkAsync(Browser(Site), optIn);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var granted = (await StateAsync(subject.Id)).Latest(ConsentPurpose.MarketingNotifications)!;
        Assert.Equal((ConsentAction.Granted, ConsentChannel.Email), (granted.Action, granted.Channel));
        Assert.StartsWith("link:", granted.Evidence, StringComparison.Ordinal);
        Assert.Equal(1, await QueueMarketingAsync(subject.Id));
        Assert.Equal(HttpStatusCode.BadRequest, (await FollowLinkAsync(Browser(Site), optIn)).StatusCode);
    }

    [Fact]
    public async Task An_opt_out_before_confirming_makes_the_old_link_grant_nothing()
    {
        const string address = "changed-mind@example.kz";
        await SubmitAppealAsync(Site, address, marketing: true, smtp: mail.Smtp);
        var optIn = LinkIn((await mail.Smtp.WaitForAsync(address, IsAppealAcknowledgement))[0]);
        using (var client = await SignInAsync(Site, mail.Smtp, address))
        {
            await PostFormAsync(client, "/en/my-data/opt-out", [], "/en/my-data/overview");
        }

        var answer = await FollowLinkAsync(Browser(Site), optIn);

        Assert.Contains("nothing to confirm", await answer.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var subject = (await Site.SubjectWithEmailAsync(address))!;
        Assert.Equal(ConsentStatus.Withdrawn, (await StateAsync(subject.Id)).StatusOf(ConsentPurpose.MarketingNotifications));
    }

    [Fact]
    public async Task Sending_the_form_again_and_again_with_one_address_does_not_flood_its_mailbox()
    {
        const string address = "flood@example.kz";
        const int appeals = 6;
        for (var i = 0; i < appeals; i++)
        {
            var fields = Forms.ValidAppeal(email: address);
            fields["Form.ConsentToMarketing"] = "true";
            Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAppealAsync(Browser(Site), "en", fields)).StatusCode);
        }

        // The first makes the record (acknowledgement with the opt-in link); the second asks its owner; the rest send nothing.
        // The outbox is written in the same commit as each appeal, so its rows are the whole count.
        var owner = (await Site.SubjectWithEmailAsync(address))!;
        var queued = await Site.WithDbAsync(db => db.Outbox.CountAsync(m => m.SubjectId == owner.Id));
        var senders = await Site.WithDbAsync(db => db.DataSubjects.Where(s => s.ClaimedSubjectId == owner.Id).Select(s => s.Id).ToListAsync());
        var pending = await Site.WithDbAsync(db => db.VerificationTokens.CountAsync(t => t.UsedAt == null && senders.Contains(t.SubjectId)));
        output.WriteLine($"{appeals} appeals from one address within the resend interval: {queued} mails, {senders.Count} unconfirmed appeals, {pending} pending link");
        Assert.Equal(2, queued);
        Assert.Equal(appeals - 1, senders.Count);
        Assert.Equal(1, pending);
        await mail.Smtp.WaitForAsync(address, 2);
    }

    [Fact]
    public async Task One_link_pressed_many_times_at_once_grants_once()
    {
        const string address = "race@example.kz";
        await SubmitAppealAsync(Site, address, marketing: true, smtp: mail.Smtp);
        var optIn = LinkIn((await mail.Smtp.WaitForAsync(address, IsAppealAcknowledgement))[0]);
        var client = Browser(Site);
        var page = await client.GetStringAsync(optIn);
        var form = new Dictionary<string, string> { ["token"] = Uri.UnescapeDataString(optIn.Split("token=")[1]), ["__RequestVerificationToken"] = Forms.TokenIn(page) };

        var presses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostAsync(optIn.Split('?')[0], new FormUrlEncodedContent(form))));

        var subject = (await Site.SubjectWithEmailAsync(address))!;
        var grants = await Site.WithDbAsync(db => db.ConsentEvents.CountAsync(e => e.SubjectId == subject.Id && e.Action == ConsentAction.Granted
            && e.Purpose == ConsentPurpose.MarketingNotifications));
        output.WriteLine($"8 presses at once: {presses.Count(r => r.StatusCode == HttpStatusCode.OK)} confirmed, {presses.Count(r => r.StatusCode == HttpStatusCode.BadRequest)} already used, {grants} grant in the ledger");
        Assert.Equal(1, grants);
        Assert.Equal(1, presses.Count(r => r.StatusCode == HttpStatusCode.OK));
    }

    [Fact]
    public async Task An_owner_who_opted_out_after_the_strangers_appeal_is_not_opted_in_by_confirming_it()
    {
        const string address = "opted-out-owner@example.kz";
        await SubmitAppealAsync(Site, address, smtp: mail.Smtp);
        var fields = Forms.ValidAppeal(lastName: "Stranger", email: address);
        fields["Form.ConsentToMarketing"] = "true";
        await Forms.PostAppealAsync(Browser(Site), "en", fields);
        var question = (await mail.Smtp.WaitForAsync(address, m => m.Subject == "Did you send this appeal?"))[0];
        using (var client = await SignInAsync(Site, mail.Smtp, address))
        {
            await PostFormAsync(client, "/en/my-data/opt-out", [], "/en/my-data/overview");
        }

        var confirmPage = await Browser(Site).GetStringAsync(LinkIn(question));
        Assert.Contains("I also want notifications", WebUtility.HtmlDecode(confirmPage), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await FollowLinkAsync(Browser(Site), LinkIn(question))).StatusCode);

        var owner = (await Site.SubjectWithEmailAsync(address))!;
        var state = await StateAsync(owner.Id);
        Assert.True(state.IsGranted(ConsentPurpose.PersonalDataProcessing));
        Assert.NotEqual(ConsentStatus.Granted, state.StatusOf(ConsentPurpose.MarketingNotifications));
    }

    [Fact]
    public async Task A_link_sent_to_an_address_the_owner_has_left_since_confirms_nothing()
    {
        const string address = "moving-owner@example.kz";
        await SubmitAppealAsync(Site, address, smtp: mail.Smtp);
        await Forms.PostAppealAsync(Browser(Site), "en", Forms.ValidAppeal(lastName: "Stranger", email: address));
        var question = (await mail.Smtp.WaitForAsync(address, m => m.Subject == "Did you send this appeal?"))[0];
        var owner = (await Site.SubjectWithEmailAsync(address))!;
        var before = await SnapshotAsync(owner.Id);
        await using (var scope = Site.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var tracked = await db.DataSubjects.SingleAsync(s => s.Id == owner.Id);
            tracked.ChangeEmail("moved@example.kz", scope.ServiceProvider.GetRequiredService<IBlindIndex>(), DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        var answer = await FollowLinkAsync(Browser(Site), LinkIn(question));

        Assert.Contains("nothing to confirm", await answer.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var after = await SnapshotAsync(owner.Id);
        Assert.Equal((before.Appeals, before.Events.Count), (after.Appeals, after.Events.Count));
    }

    [Fact]
    public async Task A_receipt_shows_the_name_and_address_as_typed_then_for_everyone_alike_withholds_them_once_it_is_old()
    {
        const string address = "old-receipt@example.kz";
        await SubmitAppealAsync(Site, address, smtp: mail.Smtp);
        var fields = Forms.ValidAppeal(lastName: "Typedname", email: address);
        var sent = await Forms.PostAppealAsync(Browser(Site), "en", fields);
        var url = sent.Headers.Location!.OriginalString;
        var fresh = WebUtility.HtmlDecode(await Browser(Site).GetStringAsync(url));
        Assert.Contains("Typedname", fresh, StringComparison.Ordinal);
        Assert.Contains("o***@e***.kz", fresh, StringComparison.Ordinal);

        // Forty days later (SQLite keeps DateTimeOffset as EF's binary form: UTC ticks / 1000, shifted by 11 bits).
        using (var connection = Site.OpenRawConnection())
        {
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE ConsentReceipts SET IssuedAt = IssuedAt - $shift WHERE Id = $id";
            command.Parameters.AddWithValue("$shift", (TimeSpan.FromDays(40).Ticks / 1000) << 11);
            command.Parameters.AddWithValue("$id", url.Split('/')[^1]);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var old = WebUtility.HtmlDecode(await Browser(Site).GetStringAsync(url));
        Assert.DoesNotContain("Typedname", old, StringComparison.Ordinal);
        Assert.DoesNotContain("o***@e***.kz", old, StringComparison.Ordinal);
        Assert.Contains("only during the first days", old, StringComparison.Ordinal);
    }

    private async Task<ConsentState> StateAsync(Guid subjectId)
    {
        await using var scope = Site.Scope();
        return await scope.ServiceProvider.GetRequiredService<ConsentLedger>().StateOfAsync(subjectId, CancellationToken.None);
    }

    private async Task<int> QueueMarketingAsync(Guid subjectId)
    {
        await using var scope = Site.Scope();
        var message = new MarketingMessage(new Dictionary<string, (string, IReadOnlyList<string>)>
        {
            ["en"] = ("News", ["A new service."]), ["ru"] = ("Новости", ["Новая услуга."]), ["kk"] = ("Жаңалықтар", ["Жаңа қызмет."]),
        });
        var queued = await scope.ServiceProvider.GetRequiredService<MarketingMailer>().QueueAsync(message, [subjectId], CancellationToken.None);
        // Leave nothing queued behind for the other tests' mail counts.
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Outbox.Where(m => m.SubjectId == subjectId && m.Kind == PersonalDataPolicy.Mail.MailKind.Marketing).ExecuteDeleteAsync();
        return queued;
    }

    private Task<OwnerSnapshot> SnapshotAsync(Guid ownerId) => Site.WithDbAsync(async db =>
    {
        var subject = await db.DataSubjects.AsNoTracking().SingleAsync(s => s.Id == ownerId);
        var events = await db.ConsentEvents.AsNoTracking().Where(e => e.SubjectId == ownerId).OrderBy(e => e.Sequence).ToListAsync();
        return new OwnerSnapshot(subject.LastName, subject.FirstName, subject.Email, subject.Phone, subject.Status,
            await db.Appeals.CountAsync(a => a.SubjectId == ownerId), events);
    });

    private sealed record OwnerSnapshot(string LastName, string FirstName, string Email, string Phone, SubjectStatus Status, int Appeals, IReadOnlyList<ConsentEvent> Events)
    {
        public bool Equals(OwnerSnapshot? other) => other is not null && (LastName, FirstName, Email, Phone, Status, Appeals) == (other.LastName, other.FirstName, other.Email, other.Phone, other.Status, other.Appeals)
            && Events.Select(e => e.Hash).SequenceEqual(other.Events.Select(e => e.Hash));

        public override int GetHashCode() => HashCode.Combine(LastName, Email, Appeals, Events.Count);
    }
}
