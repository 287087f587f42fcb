using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Web.Features.Admin.Subjects;

/// <summary>
/// Finds people by e-mail, phone (through their blind indexes) or name, for the subject search and for every form
/// that names a person (registers): staff pick from what they found instead of typing an identifier. The search is
/// audited without its term.
/// </summary>
public sealed class SubjectFinder(AppDbContext db, IBlindIndex blindIndex, AuditTrail audit)
{
    private const int MaxNameMatches = 50;

    public async Task<List<DataSubject>> FindAsync(SearchBy by, string? q, bool includeBlocked, CancellationToken cancellationToken)
    {
        var term = (q ?? string.Empty).Trim();
        List<DataSubject> found = [];
        if (term.Length is > 0 and <= 254)
        {
            found = by switch
            {
                SearchBy.Email => await db.DataSubjects.WithEmail(blindIndex, EmailAddressNormalizer.Normalize(term)).ToListAsync(cancellationToken),
                SearchBy.Phone when PhoneNumberNormalizer.TryNormalize(term, out var e164) =>
                    await db.DataSubjects.Where(s => s.PhoneIndex == blindIndex.Compute(BlindIndexKind.Phone, e164)).ToListAsync(cancellationToken),
                SearchBy.Name => await ByNameAsync(term, cancellationToken),
                _ => [],
            };
        }

        // Policy §2.2: blocked records are out of ordinary lists unless asked for.
        found = found.Where(s => s.IsActive || (includeBlocked && s.Status == SubjectStatus.Blocked)).ToList();
        audit.Record(AuditAction.SearchedSubjects, null, details: $"by {by}, {found.Count} found");
        await db.SaveChangesAsync(cancellationToken);
        return found;
    }

    /// <summary>Names are encrypted, so a name search decrypts and compares; fine for the fund's volumes, capped for safety.</summary>
    private async Task<List<DataSubject>> ByNameAsync(string term, CancellationToken cancellationToken)
    {
        var words = term.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var matches = new List<DataSubject>();
        await foreach (var subject in db.DataSubjects.AsNoTracking().Where(s => s.Status == SubjectStatus.Active || s.Status == SubjectStatus.Blocked).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var name = $"{subject.LastName} {subject.FirstName} {subject.Patronymic}".ToLowerInvariant();
            if (words.All(name.Contains))
            {
                matches.Add(subject);
                if (matches.Count == MaxNameMatches)
                {
                    break;
                }
            }
        }

        return matches;
    }
}
