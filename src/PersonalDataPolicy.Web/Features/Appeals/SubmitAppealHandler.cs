using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Appeals;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Policies;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Mail;

namespace PersonalDataPolicy.Web.Features.Appeals;

/// <summary>A validated appeal with its contact details already normalised (e-mail lower-cased, phone in E.164).</summary>
public sealed record SubmitAppeal(
    PersonName Name,
    string Email,
    string Phone,
    ContactChannel PreferredChannel,
    AppealTopic Topic,
    string Message,
    bool ConsentToMarketing,
    string Language,
    string ProcessingWording,
    string MarketingWording);

/// <summary>
/// Stores the data subject, the appeal and the consent events in one transaction, and issues a receipt.
/// An unverified form never changes an existing subject's record (docs/data-protection.md); the appeal
/// keeps the details typed this time so that the answer reaches the person.
/// </summary>
public sealed class SubmitAppealHandler(AppDbContext db, ConsentLedger ledger, IBlindIndex blindIndex, Outbox outbox, MailComposer mails, TimeProvider clock, ILogger<SubmitAppealHandler> logger)
{
    private const int Attempts = 3;

    public async Task<ConsentReceipt> HandleAsync(SubmitAppeal command, PolicyVersion policy, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StoreAsync(command, policy, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // Another submission took the same ledger sequence number or created the same subject first: start over.
                logger.LogWarning("Appeal store conflicted with a concurrent write; retrying (attempt {Attempt})", attempt);
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<ConsentReceipt> StoreAsync(SubmitAppeal command, PolicyVersion policy, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var text = policy.TextIn(command.Language);
        var subject = await db.DataSubjects.WithEmail(blindIndex, command.Email).FirstOrDefaultAsync(cancellationToken);
        if (subject is null)
        {
            subject = new DataSubject(command.Name, command.Email, command.Phone, command.Language, blindIndex, now);
            db.DataSubjects.Add(subject);
        }

        db.Appeals.Add(new Appeal(subject.Id, command.Name, command.Email, command.Phone, command.PreferredChannel,
            command.Topic, command.Message, command.Language, policy.Number, now));

        var receipt = new ConsentReceipt(subject.Id, policy.Number, text.Sha256, command.Language, ConsentChannel.WebForm, now);
        db.ConsentReceipts.Add(receipt);

        var events = new List<ConsentEvent>
        {
            Granted(ConsentPurpose.PersonalDataProcessing, command.ProcessingWording),
        };
        if (command.ConsentToMarketing)
        {
            events.Add(Granted(ConsentPurpose.MarketingNotifications, command.MarketingWording));
        }

        // The acknowledgement goes to the address typed this time, with the receipt; it is part of the same commit.
        outbox.To(subject.Id, command.Email, MailKind.Notification,
            mails.AppealReceived(command.Language, mails.Link(command.Language, $"consent/receipts/{receipt.Id}")));
        await ledger.CommitAsync(events, cancellationToken);
        return receipt;

        ConsentEvent Granted(ConsentPurpose purpose, string wording) =>
            new(subject.Id, purpose, ConsentAction.Granted, policy.Number, text.Sha256, command.Language, ConsentChannel.WebForm, now, wording, receipt.Id);
    }
}
