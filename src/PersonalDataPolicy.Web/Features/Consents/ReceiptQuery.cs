using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Mail;
using PersonalDataPolicy.Web.Features.Operator;
using PersonalDataPolicy.Web.Features.Policy;
using PersonalDataPolicy.Web.Features.Requests;

namespace PersonalDataPolicy.Web.Features.Consents;

/// <summary>A receipt with its ledger events, as the receipt page, its JSON forms and the mobile app's API show it.</summary>
public sealed class ReceiptQuery(
    AppDbContext db,
    PolicyCatalog policies,
    IOptions<OperatorOptions> operatorOptions,
    IOptions<MailOptions> mail,
    IOptions<RequestOptions> requests,
    IOptions<ConsentOptions> consents,
    TimeProvider clock)
{
    public async Task<ReceiptViewModel?> LoadAsync(string id, string language, CancellationToken cancellationToken)
    {
        if (!ConsentReceipt.IsWellFormedId(id))
        {
            return null;
        }

        var receipt = await db.ConsentReceipts.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (receipt is null)
        {
            return null;
        }

        // This receipt's events and what the person did about them afterwards (an opt-out or a withdrawal carries no receipt):
        // the receipt tells where each consent stands now. A later submission's consents belong to that submission's receipt.
        var first = await db.ConsentEvents.AsNoTracking().Where(e => e.ReceiptId == id).MinAsync(e => (long?)e.Sequence, cancellationToken);
        var events = first is null ? [] : await db.ConsentEvents.AsNoTracking()
            .Where(e => e.SubjectId == receipt.SubjectId && e.Sequence >= first && (e.ReceiptId == id || e.ReceiptId == null))
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken);
        var purposes = ReceiptViewModel.FormPurposes
            .Select(purpose => new ReceiptPurpose(purpose, id, events.Where(e => e.Purpose == purpose).ToList()))
            .ToList();

        // The appeal is stored with the receipt in one transaction, at the same moment: the name and address exactly as typed
        // that time, never the record's current ones. Shown only during the first days, for every receipt alike: an
        // appeal from an address nobody confirmed is destroyed then, and an old link must not tell the two apart.
        var withheld = receipt.IssuedAt < clock.GetUtcNow() - consents.Value.UnconfirmedRetention;
        var typed = withheld ? null : await db.Appeals.AsNoTracking()
            .Where(a => a.SubjectId == receipt.SubjectId && a.ReceivedAt == receipt.IssuedAt)
            .Select(a => new { a.ContactName, a.ContactEmail })
            .FirstOrDefaultAsync(cancellationToken);

        var current = await policies.CurrentAsync(cancellationToken);
        return new ReceiptViewModel(
            receipt,
            purposes,
            typed?.ContactName,
            string.IsNullOrEmpty(typed?.ContactEmail) ? null : EmailAddressNormalizer.Mask(typed.ContactEmail),
            operatorOptions.Value,
            mail.Value.RequestsAddress,
            current.TextIn(language).MarkedSubjects,
            requests.Value.DestroyAfterWithdrawalWorkingDays,
            withheld);
    }
}
