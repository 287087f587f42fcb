using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Web.Features.Admin.Subjects;

/// <summary>
/// Finds people by exact e-mail or phone (through their blind indexes) or by words of the name; only records that hold
/// personal data of their own (active, or blocked when asked for). Shared by the subject search and the request registration.
/// </summary>
public sealed class SubjectFinder(AppDbContext db, IBlindIndex blindIndex)
{
    private const int MaxNameMatches = 50;

    public async Task<List<DataSubject>> FindAsync(SearchBy by, string term, bool includeBlocked, CancellationToken cancellationToken)
    {
        if (term.Length is 0 or > 254)
        {
            return [];
        }

        var found = by switch
        {
            SearchBy.Email => await db.DataSubjects.AsNoTracking().WithEmail(blindIndex, EmailAddressNormalizer.Normalize(term)).ToListAsync(cancellationToken),
            SearchBy.Phone when PhoneNumberNormalizer.TryNormalize(term, out var e164) =>
                await db.DataSubjects.AsNoTracking().Where(s => s.PhoneIndex == blindIndex.Compute(BlindIndexKind.Phone, e164)).ToListAsync(cancellationToken),
            SearchBy.Name => await ByNameAsync(term, cancellationToken),
            _ => [],
        };

        // Policy §2.2: blocked records are out of ordinary lists unless asked for.
        return found.Where(s => s.IsActive || (includeBlocked && s.Status == SubjectStatus.Blocked)).ToList();
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
