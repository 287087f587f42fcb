using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Registers;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Admin.Registers;

public enum DisclosureOutcome
{
    Recorded,
    UnknownSubject,

    /// <summary>No recipient, law, article or category: nothing is recorded.</summary>
    NeedsBasis,

    /// <summary>A disclosure cannot be recorded before it happened.</summary>
    FutureDate,
}

/// <summary>A disclosure to a third party required by law (policy §6.2), recorded with its legal basis and who recorded it.</summary>
public sealed class RecordDisclosureHandler(AppDbContext db, AuditTrail audit, TimeProvider clock)
{
    public async Task<DisclosureOutcome> HandleAsync(RegisterForm form, DataCategories categories, string staffUserId, CancellationToken cancellationToken)
    {
        if (form.Subject is not { } subjectId
            || !await db.DataSubjects.AnyAsync(s => s.Id == subjectId && (s.Status == SubjectStatus.Active || s.Status == SubjectStatus.Blocked), cancellationToken))
        {
            return DisclosureOutcome.UnknownSubject;
        }

        var today = SiteDates.Today(clock);
        if (form.Date > today)
        {
            return DisclosureOutcome.FutureDate;
        }

        try
        {
            var disclosure = new Disclosure(form.Recipient ?? string.Empty, form.Law ?? string.Empty, form.Article ?? string.Empty, categories,
                subjectId, form.Date ?? today, staffUserId, clock.GetUtcNow());
            db.Disclosures.Add(disclosure);
            audit.Record(AuditAction.RecordedDisclosure, disclosure.SubjectId, AccessPurpose.LegalObligation, $"disclosure {disclosure.Id}");
        }
        catch (ArgumentException)
        {
            return DisclosureOutcome.NeedsBasis;
        }

        await db.SaveChangesAsync(cancellationToken);
        return DisclosureOutcome.Recorded;
    }
}
