using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Policies;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Policy;

/// <summary>Finds policy versions as visitors see them: only published or superseded ones, never drafts.</summary>
public sealed class PolicyCatalog(AppDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Policy §8.2: the newest non-draft version already in effect. A version replaced by one that takes effect
    /// later is already marked Superseded, yet stays current until that day.
    /// </summary>
    public async Task<PolicyVersion> CurrentAsync(CancellationToken cancellationToken)
    {
        var today = SiteDates.Today(clock);
        return await db.PolicyVersions.AsNoTracking().Include(v => v.Texts)
                .Where(v => v.State != PolicyVersionState.Draft && v.EffectiveFrom <= today)
                .OrderByDescending(v => v.Number)
                .FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException("No published policy version is in effect.");
    }

    public Task<List<PolicyVersion>> PublishedAsync(CancellationToken cancellationToken) =>
        db.PolicyVersions.AsNoTracking()
            .Where(v => v.State != PolicyVersionState.Draft)
            .OrderByDescending(v => v.Number)
            .ToListAsync(cancellationToken);

    public Task<PolicyVersion?> ByNumberAsync(int number, CancellationToken cancellationToken) =>
        db.PolicyVersions.AsNoTracking().Include(v => v.Texts)
            .Where(v => v.State != PolicyVersionState.Draft && v.Number == number)
            .FirstOrDefaultAsync(cancellationToken);
}
