using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Appeals;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Policies;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Consents;
using PersonalDataPolicy.Web.Features.Mail;
using PersonalDataPolicy.Web.Features.Operator;

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
    string MarketingWording,
    bool GlobalPrivacyControl = false,
    ConsentChannel Channel = ConsentChannel.WebForm,
    string? AppVersion = null);

/// <summary>
/// Stores the appeal, its sender and the consents the sender gave, in one transaction, and issues a receipt. The form
/// proves nothing about who owns the address typed into it, so:
/// <list type="bullet">
/// <item>a new address becomes a new record; marketing is only <see cref="ConsentAction.Requested"/> until the owner
/// presses the button in the mail (double opt-in);</item>
/// <item>an address that already belongs to someone changes nothing of theirs: the sender is kept apart as an
/// unconfirmed record and the owner is asked, at the address on record, whether the appeal is theirs.</item>
/// </list>
/// Both paths answer the sender the same way, so the form does not tell who is a client of the fund.
/// </summary>
public sealed class SubmitAppealHandler(
    AppDbContext db,
    ConsentLedger ledger,
    ConfirmationLinks links,
    IBlindIndex blindIndex,
    Outbox outbox,
    MailComposer mails,
    PublicLinks publicLinks,
    TimeProvider clock,
    ILogger<SubmitAppealHandler> logger)
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
                // Another submission created a record for the same address first: start over and find it.
                logger.LogWarning("Appeal store conflicted with a concurrent write; retrying (attempt {Attempt})", attempt);
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<ConsentReceipt> StoreAsync(SubmitAppeal command, PolicyVersion policy, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var text = policy.TextIn(command.Language);

        var owner = await db.DataSubjects.WithEmail(blindIndex, command.Email).FirstOrDefaultAsync(cancellationToken);
        var sender = owner is null
            ? new DataSubject(command.Name, command.Email, command.Phone, command.Language, blindIndex, now)
            : DataSubject.Unconfirmed(command.Name, command.Email, command.Phone, command.Language, owner.Id, now);
        db.DataSubjects.Add(sender);
        db.Appeals.Add(new Appeal(sender.Id, command.Name, command.Email, command.Phone, command.PreferredChannel,
            command.Topic, command.Message, command.Language, policy.Number, now));

        var receipt = new ConsentReceipt(sender.Id, policy.Number, text.Sha256, command.Language, command.Channel, now);
        db.ConsentReceipts.Add(receipt);

        // What the sender did, and nothing more: processing was consented to on the form; marketing only asked for.
        // A browser's Global Privacy Control signal is part of how the choice was made: kept beside the form, in the hash.
        var evidence = $"form:{receipt.Id}" + (command.GlobalPrivacyControl ? ConsentProof.GpcSuffix : string.Empty)
            + (command.AppVersion is { } version ? ConsentProof.AppSuffix(version) : string.Empty);
        List<ConsentEvent> events = [Event(ConsentPurpose.PersonalDataProcessing, ConsentAction.Granted, command.ProcessingWording)];
        if (command.ConsentToMarketing)
        {
            events.Add(Event(ConsentPurpose.MarketingNotifications, ConsentAction.Requested, command.MarketingWording));
        }

        var receiptLink = publicLinks.Action("Show", "Receipts", new { culture = command.Language, id = receipt.Id });
        if (owner is null)
        {
            (string, DateTimeOffset)? optIn = null;
            if (command.ConsentToMarketing
                && await links.IssueAsync(sender.Id, TokenPurpose.MarketingOptIn, receipt.Id, links.Of(sender.Id), cancellationToken) is ({ } token, { } raw))
            {
                optIn = (publicLinks.Action("ConfirmMarketing", "ConsentLinks", new { culture = command.Language, token = raw }), token.ExpiresAt);
            }

            outbox.To(sender.Id, command.Email, MailKind.Notification, mails.AppealReceived(command.Language, receiptLink, optIn));
        }
        else if (owner.IsActive
            && await links.IssueAsync(sender.Id, TokenPurpose.AppealConfirmation, receipt.Id, links.ClaimingAddressOf(owner.Id), cancellationToken) is ({ } token, { } raw))
        {
            // To the address on record, in the owner's language; a blocked record is asked nothing, and a second appeal
            // while a link is pending sends nothing.
            var confirm = publicLinks.Action("Confirm", "AppealConfirmation", new { culture = owner.PreferredLanguage, token = raw });
            outbox.To(owner.Id, owner.Email, MailKind.RightsResponse, mails.ConfirmAppeal(owner.PreferredLanguage, confirm, token.ExpiresAt, command.ConsentToMarketing));
        }

        await ledger.CommitAsync(events, cancellationToken);
        return receipt;

        ConsentEvent Event(ConsentPurpose purpose, ConsentAction action, string wording) =>
            new(sender.Id, purpose, action, policy.Number, text.Sha256, command.Language, command.Channel, now, wording, receipt.Id, evidence);
    }
}
