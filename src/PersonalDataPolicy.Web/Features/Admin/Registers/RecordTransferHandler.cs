using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Registers;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Admin.Registers;

public enum TransferOutcome
{
    Recorded,
    UnknownSubject,

    /// <summary>No ground of Law 94-V art. 16 is established: nothing is recorded.</summary>
    Refused,
    Invalid,

    /// <summary>Not an assigned ISO 3166-1 code (ZZ, a typo).</summary>
    UnknownCountry,

    /// <summary>A transfer cannot be recorded before it happened.</summary>
    FutureDate,
}

/// <summary>A cross-border transfer for the register (policy §7): the domain checks the ground against the person's consents in the ledger.</summary>
public sealed class RecordTransferHandler(AppDbContext db, ConsentLedger ledger, IOptions<RegistersOptions> options, AuditTrail audit, TimeProvider clock)
{
    public async Task<TransferOutcome> HandleAsync(RegisterForm form, DataCategories categories, string staffUserId, CancellationToken cancellationToken)
    {
        if (form.Subject is not { } subjectId
            || !await db.DataSubjects.AnyAsync(s => s.Id == subjectId && (s.Status == SubjectStatus.Active || s.Status == SubjectStatus.Blocked), cancellationToken))
        {
            return TransferOutcome.UnknownSubject;
        }

        if (!IsoCountries.IsAssigned(form.Country))
        {
            return TransferOutcome.UnknownCountry;
        }

        var now = clock.GetUtcNow();
        if (form.Date > SiteDates.Today(clock))
        {
            return TransferOutcome.FutureDate;
        }

        try
        {
            var transfer = CrossBorderTransfer.Record(form.Country ?? string.Empty, form.Recipient ?? string.Empty, categories, subjectId,
                options.Value.AdequateStates, await ledger.StateOfAsync(subjectId, cancellationToken), form.Basis, form.Reference,
                form.Date ?? SiteDates.Today(clock), staffUserId, now);
            db.CrossBorderTransfers.Add(transfer);
            audit.Record(AuditAction.RecordedTransfer, subjectId, AccessPurpose.LegalObligation, $"transfer {transfer.Id} to {transfer.Country}");
        }
        catch (CrossBorderTransferRefusedException)
        {
            return TransferOutcome.Refused;
        }
        catch (ArgumentException)
        {
            return TransferOutcome.Invalid;
        }

        await db.SaveChangesAsync(cancellationToken);
        return TransferOutcome.Recorded;
    }
}
