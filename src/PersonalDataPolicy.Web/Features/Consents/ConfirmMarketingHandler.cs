using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Web.Features.Consents;

public enum ConfirmationOutcome
{
    Confirmed,

    /// <summary>The link was valid but there is nothing left to confirm (already confirmed, or opted out since).</summary>
    NothingToConfirm,

    /// <summary>The record is blocked or erased: nothing may be processed, so nothing is confirmed.</summary>
    RecordUnavailable,
}

/// <summary>
/// Policy §4.2, double opt-in: the owner of the address presses the button in the mail, and only then is marketing
/// granted in the ledger, with the link as evidence and e-mail as the channel.
/// </summary>
public sealed class ConfirmMarketingHandler(AppDbContext db, ConsentLedger ledger, ConfirmationLinks links, TimeProvider clock)
{
    public async Task<(TokenState State, ConfirmationOutcome? Outcome)> HandleAsync(string? rawToken, CancellationToken cancellationToken)
    {
        var (state, token) = await links.RedeemAsync(rawToken, TokenPurpose.MarketingOptIn, cancellationToken);
        if (token is null)
        {
            return (state, null);
        }

        var now = clock.GetUtcNow();
        var subject = await db.DataSubjects.SingleAsync(s => s.Id == token.SubjectId, cancellationToken);
        var requested = (await ledger.StateOfAsync(subject.Id, cancellationToken)).Latest(ConsentPurpose.MarketingNotifications);
        if (!subject.IsActive || requested is not { Action: ConsentAction.Requested })
        {
            // An opt-out after the request outranks an old link: the link is used up and grants nothing.
            return (state, subject.IsActive ? ConfirmationOutcome.NothingToConfirm : ConfirmationOutcome.RecordUnavailable);
        }

        await ledger.CommitAsync([requested.ConfirmedBy(subject.Id, token.Id, token.ReceiptId, now)], cancellationToken);
        return (state, ConfirmationOutcome.Confirmed);
    }
}
