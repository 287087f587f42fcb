using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Policy;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Admin.Registers;

/// <summary>
/// Policy §7.2, Law 94-V art. 16 p. 3 sub-p. 1: a consent to cross-border transfer received on paper goes into the
/// ledger, in the person's language, with the document number as its evidence and staff as the channel.
/// </summary>
public sealed class RecordWrittenConsentHandler(AppDbContext db, ConsentLedger ledger, PolicyCatalog policies, IStringLocalizer<SharedResource> t, AuditTrail audit, TimeProvider clock)
{
    /// <returns>False when nobody with personal data has this id: nothing is recorded.</returns>
    public async Task<bool> HandleAsync(Guid subjectId, string document, CancellationToken cancellationToken)
    {
        var subject = await db.DataSubjects.AsNoTracking()
            .SingleOrDefaultAsync(s => s.Id == subjectId && (s.Status == SubjectStatus.Active || s.Status == SubjectStatus.Blocked), cancellationToken);
        if (subject is null)
        {
            return false;
        }

        var number = document.Trim();
        var policy = await policies.CurrentAsync(cancellationToken);
        string wording;
        using (new CultureScope(subject.PreferredLanguage))
        {
            wording = t["Admin_WrittenConsentWording", number];
        }

        // The ledger saves the unit of work, so the audit line commits with the consent event.
        audit.Record(AuditAction.RecordedWrittenConsent, subject.Id, AccessPurpose.LegalObligation, $"cross-border transfer consent, document {number}");
        await ledger.CommitAsync([new ConsentEvent(subject.Id, ConsentPurpose.CrossBorderTransfer, ConsentAction.Granted, policy.Number,
            policy.TextIn(subject.PreferredLanguage).Sha256, subject.PreferredLanguage, ConsentChannel.Staff, clock.GetUtcNow(), wording, receiptId: null,
            evidence: $"document:{number}")], cancellationToken);
        return true;
    }
}
