using System.Security.Cryptography;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Policies;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Mail;
using PersonalDataPolicy.Web.Features.MyData;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Inbox;

/// <summary>
/// Policy §4.2, §6.4, §6.5 by e-mail: reads the requests mailbox over IMAP and turns each message whose subject
/// is one of the policy's marked subjects into a request of its sender. A From header can be forged, so an opt-out
/// takes effect at once only when the fund's receiving server authenticated the From domain (DMARC or aligned DKIM);
/// otherwise, and for every withdrawal or update, a link is sent to the sender's address. Unknown senders get one
/// reply a day at most, and a flood from one sender is left alone. Handled mail is moved to the processed folder,
/// other mail to the staff folder.
/// </summary>
public sealed class RequestsMailbox(IServiceScopeFactory scopes, IOptions<MailOptions> options, TimeProvider clock, ILogger<RequestsMailbox> logger)
{
    /// <summary>One pass over the mailbox. Returns how many messages were moved out of it.</summary>
    public async Task<int> ProcessOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.Inbox;
        using var client = new ImapClient();
        await client.ConnectAsync(settings.Host, settings.Port, settings.Security, cancellationToken);
        await client.AuthenticateAsync(settings.UserName ?? string.Empty, settings.Password ?? string.Empty, cancellationToken);
        var inbox = await client.GetFolderAsync(settings.Folder, cancellationToken);
        await inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        var processed = await FolderAsync(client, settings.ProcessedFolder, cancellationToken);
        var forStaff = await FolderAsync(client, settings.StaffFolder, cancellationToken);

        var moved = 0;
        foreach (var uid in await inbox.SearchAsync(SearchQuery.All, cancellationToken))
        {
            var message = await inbox.GetMessageAsync(uid, cancellationToken);
            var outcome = await HandleAsync(message, cancellationToken);
            await inbox.MoveToAsync(uid, outcome == InboundOutcome.LeftForStaff ? forStaff : processed, cancellationToken);
            moved++;
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
        return moved;
    }

    public async Task<InboundOutcome> HandleAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        var idHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message.MessageId ?? message.Date.ToString("O") + message.Subject)));
        var earlier = await db.InboundMail.AsNoTracking().FirstOrDefaultAsync(m => m.MessageIdHash == idHash, cancellationToken);
        if (earlier is not null)
        {
            return earlier.Outcome;
        }

        // The request, its mails and the record of this message commit together, or not at all: the record is tracked
        // first, and whichever save the action ends with (a ledger commit included) carries it.
        var sender = message.From.Mailboxes.FirstOrDefault()?.Address is { } from
            ? services.GetRequiredService<IBlindIndex>().Compute(BlindIndexKind.Email, EmailAddressNormalizer.Normalize(from))
            : null;
        var (outcome, act) = await DecideAsync(message, services, db, idHash, sender, options.Value.Inbox, clock.GetUtcNow(), cancellationToken);
        db.InboundMail.Add(new InboundMail(idHash, outcome, clock.GetUtcNow(), sender));
        await act();
        logger.LogInformation("Requests mailbox: message handled as {Outcome}", outcome);
        return outcome;
    }

    private static async Task<(InboundOutcome Outcome, Func<Task> Act)> DecideAsync(MimeMessage message, IServiceProvider services, AppDbContext db, string idHash,
        string? senderIndex, InboxSettings settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Func<Task> save = () => db.SaveChangesAsync(cancellationToken);
        var sender = message.From.Mailboxes.FirstOrDefault()?.Address;
        var autoSubmitted = message.Headers[HeaderId.AutoSubmitted];
        if (sender is null || (autoSubmitted is not null && !autoSubmitted.Equals("no", StringComparison.OrdinalIgnoreCase)))
        {
            // Never answer an auto-reply: two robots would mail each other forever.
            return (InboundOutcome.LeftForStaff, save);
        }

        var texts = await db.PolicyTexts.AsNoTracking().ToListAsync(cancellationToken);
        var match = MarkedSubjectMatcher.Match(message.Subject, texts);
        if (match is null)
        {
            return (InboundOutcome.LeftForStaff, save);
        }

        // A flood from one address is left for staff untouched: nothing it sends makes the site write to anybody.
        var fromThisSender = db.InboundMail.Where(m => m.SenderIndex == senderIndex);
        if (await fromThisSender.CountAsync(m => m.HandledAt > now.AddHours(-1), cancellationToken) >= settings.MaxPerSenderPerHour)
        {
            return (InboundOutcome.LeftForStaff, save);
        }

        var email = EmailAddressNormalizer.Normalize(sender);
        var subject = await db.DataSubjects.WithEmail(services.GetRequiredService<IBlindIndex>(), email).SingleOrDefaultAsync(cancellationToken);
        if (subject is not { HoldsPersonalData: true })
        {
            // A From address can be forged: an unknown address gets one polite reply a day at most, so the mailbox
            // cannot be used to send mail to third parties (backscatter).
            if (await fromThisSender.AnyAsync(m => m.Outcome == InboundOutcome.UnknownSenderAnswered && m.HandledAt > now.AddDays(-1), cancellationToken))
            {
                return (InboundOutcome.LeftForStaff, save);
            }

            var mails = services.GetRequiredService<MailComposer>();
            services.GetRequiredService<Outbox>().To(null, email, MailKind.RightsResponse, mails.UnknownSender(match.Language));
            return (InboundOutcome.UnknownSenderAnswered, save);
        }

        // Acting at once needs the receiving server's word that the From domain is genuine; otherwise the link decides.
        if (match.Type == RequestType.OptOut && SenderAuthentication.FromIsAuthenticated(message, settings.TrustedAuthenticationServers))
        {
            return (InboundOutcome.OptedOut, () => services.GetRequiredService<OptOutHandler>()
                .HandleAsync(subject, RequestChannel.Email, match.Language, $"mail:{idHash}", cancellationToken));
        }

        var nextStep = match.Type switch
        {
            RequestType.Withdraw => SubjectRights.NextStepWithdraw,
            RequestType.OptOut => null,
            _ => SubjectRights.NextStepEdit,
        };
        return (InboundOutcome.ConfirmationLinkSent, () => services.GetRequiredService<SubjectRights>()
            .SendAccessLinkAsync(email, match.Language, nextStep, match.Type, cancellationToken));
    }

    private static async Task<IMailFolder> FolderAsync(ImapClient client, string name, CancellationToken cancellationToken)
    {
        var root = client.GetFolder(client.PersonalNamespaces[0]);
        try
        {
            return await root.GetSubfolderAsync(name, cancellationToken);
        }
        catch (FolderNotFoundException)
        {
            return await root.CreateAsync(name, isMessageFolder: true, cancellationToken)
                ?? throw new InvalidOperationException($"The IMAP server did not create folder {name}.");
        }
    }
}

/// <summary>Polls the requests mailbox when it is configured (Mail:Inbox:Enabled), on one instance at a time (its lease).</summary>
public sealed class RequestsMailboxPoller(RequestsMailbox mailbox, IOptions<MailOptions> options, TimeProvider clock, JobLeases leases, ILogger<RequestsMailboxPoller> logger)
    : LeasedBackgroundService(leases, logger)
{
    public const string Lease = "requests-mailbox";

    protected override string LeaseName => Lease;

    protected override bool Enabled => options.Value.Inbox.Enabled;

    protected override async Task RunWhileLeaderAsync(CancellationToken stoppingToken)
    {
        do
        {
            try
            {
                await mailbox.ProcessOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Mail stays in the mailbox and is read again next time; nothing is lost.
                logger.LogWarning("Requests mailbox unreachable ({Error}); will retry", e.GetType().Name);
            }
        }
        while (await clock.WaitIntervalAsync(options.Value.Inbox.PollInterval, stoppingToken));
    }
}
