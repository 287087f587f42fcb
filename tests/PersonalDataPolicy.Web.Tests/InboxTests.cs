using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Inbox;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using static PersonalDataPolicy.Web.Tests.Infrastructure.MyDataJourney;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>Requests by e-mail (policy §4.2, §6.4, §6.5) read from a real Dovecot mailbox.</summary>
public sealed class InboxTests(InboxSite inbox) : IClassFixture<InboxSite>
{
    private SiteFactory Site => inbox.Mail.Site;

    private SmtpCapture Smtp => inbox.Mail.Smtp;

    public static TheoryData<string, string, RequestType> MarkedSubjects() => new()
    {
        { "kk", "Жаңа өнімдер, қызметтер және арнайы ұсыныстар туралы хабарламалардан бас тарту", RequestType.OptOut },
        { "kk", "Дербес деректерді жаңарту", RequestType.Update },
        { "kk", "Дербес деректерді өңдеуге келісімді кері қайтарып алу", RequestType.Withdraw },
        { "ru", "Отказ от уведомлений о новых продуктах и услугах и специальных предложениях", RequestType.OptOut },
        { "ru", "Актуализация персональных данных", RequestType.Update },
        { "ru", "Отзыв согласия на обработку персональных данных", RequestType.Withdraw },
        { "en", "Opt-out of notifications about new products and services and special offers", RequestType.OptOut },
        { "en", "Updating personal data", RequestType.Update },
        { "en", "Withdrawal of consent to the processing of personal data", RequestType.Withdraw },
    };

    [Theory]
    [MemberData(nameof(MarkedSubjects))]
    public async Task Each_marked_subject_in_each_language_becomes_a_request_of_the_sender(string language, string markedSubject, RequestType type)
    {
        var email = $"inbox-{language}-{type}@example.kz".ToLowerInvariant();
        await SubmitAppealAsync(Site, email, marketing: true, smtp: Smtp);
        var mailsBefore = Smtp.To(email).Count;

        // As people really write it: a reply prefix, other case, extra spaces, quotes.
        await inbox.DeliverAsync(email.ToUpperInvariant(), $"Re: Fwd:  «{markedSubject.ToUpperInvariant().Replace(" ", "  ", StringComparison.Ordinal)}» ");
        await Site.Services.GetRequiredService<RequestsMailbox>().ProcessOnceAsync(CancellationToken.None);

        var subject = await Site.SubjectWithEmailAsync(email);
        var requests = await Site.WithDbAsync(db => db.Requests.Where(r => r.SubjectId == subject!.Id && r.Channel == RequestChannel.Email).ToListAsync());
        var request = Assert.Single(requests);
        Assert.Equal(type, request.Type);
        var consents = ConsentState.From(await Site.WithDbAsync(db => db.ConsentEvents.Where(e => e.SubjectId == subject!.Id).ToListAsync()));
        var reply = (await Smtp.WaitForAsync(email, mailsBefore + 1))[mailsBefore];
        Assert.Equal(language, reply.Body!.Headers[MimeKit.HeaderId.ContentLanguage]);
        var sender = Assert.IsType<MimeKit.MailboxAddress>(Assert.Single(reply.From));
        Assert.Equal(language switch { "kk" => "Әлеуметтік медициналық сақтандыру қоры", "ru" => "Фонд социального медицинского страхования", _ => "Social Health Insurance Fund" }, sender.Name);
        if (type == RequestType.OptOut)
        {
            // Opt-out takes effect at once.
            Assert.Equal(RequestStatus.Completed, request.Status);
            Assert.False(consents.IsGranted(ConsentPurpose.MarketingNotifications));
            Assert.Equal(ConsentChannel.Email, consents.Latest(ConsentPurpose.MarketingNotifications)!.Channel);
        }
        else
        {
            // A From header can be forged: nothing changes until the link sent to that address is opened.
            Assert.Equal(RequestStatus.InProgress, request.Status);
            Assert.Equal(ConsentStatus.Requested, consents.StatusOf(ConsentPurpose.MarketingNotifications));
            Assert.Equal(SubjectStatus.Active, subject!.Status);
            Assert.Contains($"/{language}/my-data/open?token=", LinkIn(reply));
        }

        var counts = await inbox.CountsAsync();
        Assert.Equal(0, counts["INBOX"]);
    }

    [Fact]
    public async Task A_withdrawal_by_email_is_carried_out_after_the_sender_opens_the_link()
    {
        await SubmitAppealAsync(Site, "inbox-withdraw-flow@example.kz", smtp: Smtp);
        await inbox.DeliverAsync("inbox-withdraw-flow@example.kz", "Withdrawal of consent to the processing of personal data");
        await Site.Services.GetRequiredService<RequestsMailbox>().ProcessOnceAsync(CancellationToken.None);
        var link = LinkIn((await Smtp.WaitForAsync("inbox-withdraw-flow@example.kz", m => !IsAppealAcknowledgement(m)))[0]);
        var client = Browser(Site);

        var opened = await FollowLinkAsync(client, link);

        Assert.Equal("/en/my-data/withdraw", opened.Headers.Location!.OriginalString);
        var withdrawn = await PostFormAsync(client, "/en/my-data/withdraw", []);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal(SubjectStatus.Blocked, (await Site.SubjectWithEmailAsync("inbox-withdraw-flow@example.kz"))!.Status);
    }

    [Theory]
    [InlineData("ru", "Отзыв согласия на обработку персональных данных", "В Фонде нет персональных данных")]
    [InlineData("kk", "Дербес деректерді жаңарту", "Қорда осы электрондық пошта мекенжайына байланысты дербес деректер жоқ")]
    public async Task An_unknown_sender_gets_a_polite_reply_in_the_language_they_wrote_in(string language, string markedSubject, string replyText)
    {
        var stranger = $"stranger-{language}@example.kz";

        await inbox.DeliverAsync(stranger, markedSubject);
        await Site.Services.GetRequiredService<RequestsMailbox>().ProcessOnceAsync(CancellationToken.None);

        var reply = Assert.Single(await Smtp.WaitForAsync(stranger));
        Assert.Contains(replyText, reply.TextBody, StringComparison.Ordinal);
        Assert.Null(await Site.SubjectWithEmailAsync(stranger));
    }

    [Fact]
    public async Task Other_mail_and_auto_replies_are_left_for_staff_without_an_answer()
    {
        var before = (await inbox.CountsAsync()).GetValueOrDefault("ForStaff");
        var queuedBefore = await Site.WithDbAsync(db => db.Outbox.CountAsync());

        await inbox.DeliverAsync("someone@example.kz", "Question about my insurance status");
        await Site.Services.GetRequiredService<RequestsMailbox>().ProcessOnceAsync(CancellationToken.None);

        var counts = await inbox.CountsAsync();
        Assert.Equal(before + 1, counts["ForStaff"]);
        Assert.Equal(0, counts["INBOX"]);
        // A reply would have been queued while the message was handled: no new outbox row, no reply.
        Assert.Equal(queuedBefore, await Site.WithDbAsync(db => db.Outbox.CountAsync()));
        Assert.Empty(Smtp.To("someone@example.kz"));
    }

    [Fact]
    public async Task A_message_handled_before_a_crash_is_not_handled_twice()
    {
        await SubmitAppealAsync(Site, "inbox-twice@example.kz", marketing: true, smtp: Smtp);
        var message = new MimeKit.MimeMessage { Subject = "Updating personal data", MessageId = "crash-test@sender.example", Body = new MimeKit.TextPart("plain") { Text = "x" } };
        message.From.Add(MimeKit.MailboxAddress.Parse("inbox-twice@example.kz"));
        var mailbox = Site.Services.GetRequiredService<RequestsMailbox>();

        await mailbox.HandleAsync(message, CancellationToken.None);
        await mailbox.HandleAsync(message, CancellationToken.None);

        var subject = await Site.SubjectWithEmailAsync("inbox-twice@example.kz");
        Assert.Single(await Site.WithDbAsync(db => db.Requests.Where(r => r.SubjectId == subject!.Id && r.Channel == RequestChannel.Email).ToListAsync()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("mx.elsewhere.test; dmarc=pass header.from=example.kz")]
    [InlineData(InboxSite.ReceivingServer + "; dmarc=fail header.from=example.kz")]
    [InlineData(InboxSite.ReceivingServer + "; dkim=pass header.d=attacker.test")]
    public async Task An_opt_out_whose_sender_the_receiving_server_did_not_authenticate_only_gets_a_confirmation_link(string authenticationResults)
    {
        var email = $"forged-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(authenticationResults)))[..10]}@example.kz";
        await SubmitAppealAsync(Site, email, smtp: Smtp);
        var subject = await Site.SubjectWithEmailAsync(email);
        var before = Smtp.To(email).Count;

        await inbox.DeliverAsync(email, "Opt-out of notifications about new products and services and special offers", authenticationResults: authenticationResults);
        await Site.Services.GetRequiredService<RequestsMailbox>().ProcessOnceAsync(CancellationToken.None);

        var link = (await Smtp.WaitForAsync(email, before + 1))[before];
        Assert.Contains("/en/my-data/open?token=", LinkIn(link), StringComparison.Ordinal);
        var request = await Site.WithDbAsync(db => db.Requests.SingleAsync(r => r.SubjectId == subject!.Id && r.Channel == RequestChannel.Email));
        Assert.Equal((RequestType.OptOut, RequestStatus.InProgress), (request.Type, request.Status));
        Assert.Empty(await Site.WithDbAsync(db => db.ConsentEvents.Where(e => e.SubjectId == subject!.Id && e.Action == ConsentAction.Withdrawn).ToListAsync()));
    }

    [Fact]
    public async Task An_unknown_sender_is_answered_once_a_day_however_often_mail_arrives_in_their_name()
    {
        const string stranger = "backscatter-victim@example.kz";
        for (var i = 0; i < 4; i++)
        {
            await inbox.DeliverAsync(stranger, "Отзыв согласия на обработку персональных данных");
        }

        await Site.Services.GetRequiredService<RequestsMailbox>().ProcessOnceAsync(CancellationToken.None);

        var index = Site.Services.GetRequiredService<IBlindIndex>().Compute(BlindIndexKind.Email, stranger);
        var answered = await Site.WithDbAsync(db => db.InboundMail.CountAsync(m => m.SenderIndex == index && m.Outcome == InboundOutcome.UnknownSenderAnswered));
        Assert.Equal(1, answered);
        Assert.Single(await Smtp.WaitForAsync(stranger));
    }

    [Fact]
    public async Task A_flood_from_one_sender_is_left_for_staff_and_sends_nothing()
    {
        const string flooder = "flooder@example.kz";
        await SubmitAppealAsync(Site, flooder, smtp: Smtp);
        var before = Smtp.To(flooder).Count;
        for (var i = 0; i < 12; i++)
        {
            await inbox.DeliverAsync(flooder, "Updating personal data");
        }

        await Site.Services.GetRequiredService<RequestsMailbox>().ProcessOnceAsync(CancellationToken.None);

        var subject = await Site.SubjectWithEmailAsync(flooder);
        var index = Site.Services.GetRequiredService<IBlindIndex>().Compute(BlindIndexKind.Email, flooder);
        var acted = await Site.WithDbAsync(db => db.Requests.CountAsync(r => r.SubjectId == subject!.Id && r.Channel == RequestChannel.Email));
        var leftAlone = await Site.WithDbAsync(db => db.InboundMail.CountAsync(m => m.SenderIndex == index && m.Outcome == InboundOutcome.LeftForStaff));
        Assert.Equal((10, 2), (acted, leftAlone));
        await Smtp.WaitForAsync(flooder, before + 10);
    }
}
