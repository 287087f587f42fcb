using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Breaches;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Web.Features.Admin.Breaches;

/// <summary>How the people affected by a breach are chosen.</summary>
public enum BreachSubjectChoice
{
    /// <summary>One person, found by the exact e-mail address (blind index).</summary>
    Email,

    /// <summary>One person, found by the exact phone number (blind index).</summary>
    Phone,

    /// <summary>A whole category: everyone whose record existed when the breach was discovered and still identifies them.</summary>
    AllRecordsAtDiscovery,
}

/// <summary>Links people to an incident by opaque id; the search term is never stored or logged.</summary>
public sealed class LinkBreachSubjectsHandler(AppDbContext db, IBlindIndex blindIndex, AuditTrail audit, TimeProvider clock)
{
    /// <summary>How many people were newly linked; null when the incident does not exist.</summary>
    public async Task<int?> HandleAsync(int number, BreachSubjectChoice choice, string? term, CancellationToken cancellationToken)
    {
        var incident = await db.BreachIncidents.Include(i => i.Subjects).SingleOrDefaultAsync(i => i.Number == number, cancellationToken);
        if (incident is null)
        {
            return null;
        }

        var found = await FindAsync(choice, (term ?? string.Empty).Trim(), incident.DiscoveredAt, cancellationToken);
        var added = incident.LinkSubjects(found, clock.GetUtcNow());
        audit.Record(AuditAction.LinkedBreachSubjects, null, AccessPurpose.LegalObligation, $"incident {number}: by {choice}, {found.Count} found, {added} added");
        await db.SaveChangesAsync(cancellationToken);
        return added;
    }

    private async Task<List<Guid>> FindAsync(BreachSubjectChoice choice, string term, DateTimeOffset discoveredAt, CancellationToken cancellationToken)
    {
        // People who can still be identified and told; a blocked record is told too (the law requires it).
        var notDestroyed = db.DataSubjects.Where(s => s.Status == SubjectStatus.Active || s.Status == SubjectStatus.Blocked);
        return choice switch
        {
            BreachSubjectChoice.Email when term.Length is > 0 and <= 254 =>
                await notDestroyed.WithEmail(blindIndex, EmailAddressNormalizer.Normalize(term)).Select(s => s.Id).ToListAsync(cancellationToken),
            BreachSubjectChoice.Phone when PhoneNumberNormalizer.TryNormalize(term, out var e164) =>
                await notDestroyed.Where(s => s.PhoneIndex == blindIndex.Compute(BlindIndexKind.Phone, e164)).Select(s => s.Id).ToListAsync(cancellationToken),
            BreachSubjectChoice.AllRecordsAtDiscovery =>
                await notDestroyed.Where(s => s.CreatedAt <= discoveredAt).Select(s => s.Id).ToListAsync(cancellationToken),
            _ => [],
        };
    }
}
