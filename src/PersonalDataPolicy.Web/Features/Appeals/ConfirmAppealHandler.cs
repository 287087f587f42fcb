using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Consents;

namespace PersonalDataPolicy.Web.Features.Appeals;

/// <summary>
/// The owner of an address confirms, from the mail sent there, that an appeal typed with it is theirs. Only now does it
/// join their record: the appeal and its receipt move to them, and the consents given on the form are granted in their
/// name with the link as evidence. The sender's separate record has served its purpose and is destroyed; what was
/// typed lives on in the appeal, which is now theirs.
/// </summary>
public sealed class ConfirmAppealHandler(AppDbContext db, ConsentLedger ledger, ConfirmationLinks links, TimeProvider clock)
{
    /// <summary>What the owner is asked to confirm: the consents given on the form, word for word (nothing else the sender typed).</summary>
    public async Task<(TokenState State, IReadOnlyList<ConsentEvent> Consents)> PreviewAsync(string? rawToken, CancellationToken cancellationToken)
    {
        var token = await links.FindAsync(rawToken, TokenPurpose.AppealConfirmation, cancellationToken);
        var state = token?.StateAt(clock.GetUtcNow()) ?? TokenState.Unknown;
        if (token is null || state != TokenState.Valid)
        {
            return (state, []);
        }

        var given = await ledger.StateOfAsync(token.SubjectId, cancellationToken);
        return (state, new[] { ConsentPurpose.PersonalDataProcessing, ConsentPurpose.MarketingNotifications }
            .Select(given.Latest)
            .Where(e => e is { Action: ConsentAction.Granted or ConsentAction.Requested })
            .Select(e => e!)
            .ToList());
    }

    public async Task<(TokenState State, ConfirmationOutcome? Outcome)> HandleAsync(string? rawToken, CancellationToken cancellationToken)
    {
        var (state, token) = await links.RedeemAsync(rawToken, TokenPurpose.AppealConfirmation, cancellationToken);
        if (token is null)
        {
            return (state, null);
        }

        var now = clock.GetUtcNow();
        var sender = await db.DataSubjects.SingleAsync(s => s.Id == token.SubjectId, cancellationToken);
        var owner = sender is { Status: SubjectStatus.Unconfirmed, ClaimedSubjectId: { } ownerId }
            ? await db.DataSubjects.SingleOrDefaultAsync(s => s.Id == ownerId, cancellationToken)
            : null;
        if (owner is null || owner.Email != sender.Email)
        {
            // Already joined, or the owner has moved to another address since: whoever reads the old one proves nothing.
            return (state, ConfirmationOutcome.NothingToConfirm);
        }

        if (!owner.IsActive)
        {
            return (state, ConfirmationOutcome.RecordUnavailable);
        }

        foreach (var appeal in await db.Appeals.Where(a => a.SubjectId == sender.Id).ToListAsync(cancellationToken))
        {
            appeal.JoinTo(owner.Id);
        }

        foreach (var receipt in await db.ConsentReceipts.Where(r => r.SubjectId == sender.Id).ToListAsync(cancellationToken))
        {
            receipt.JoinTo(owner.Id);
        }

        // What the sender consented to on the form — the words the confirmation page showed — now proven to be the owner's
        // act. Marketing only if the owner has not opted out since the link was sent: a later opt-out outranks an old link.
        var given = await ledger.StateOfAsync(sender.Id, cancellationToken);
        var optedOutSince = await db.Requests.AnyAsync(r => r.SubjectId == owner.Id && r.Type == RequestType.OptOut && r.ReceivedAt >= token.CreatedAt, cancellationToken);
        var events = new[] { ConsentPurpose.PersonalDataProcessing, ConsentPurpose.MarketingNotifications }
            .Where(purpose => purpose != ConsentPurpose.MarketingNotifications || !optedOutSince)
            .Select(given.Latest)
            .Where(e => e is { Action: ConsentAction.Granted or ConsentAction.Requested })
            .Select(e => e!.ConfirmedBy(owner.Id, token.Id, token.ReceiptId, now))
            .ToList();
        sender.Destroy(now);
        await ledger.CommitAsync(events, cancellationToken);
        return (state, ConfirmationOutcome.Confirmed);
    }
}
