using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Policies;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Policy;

/// <summary>
/// Finds policy versions as visitors see them: only published or superseded ones, never drafts. Published texts never
/// change, so they are read from the database once and kept (<see cref="PublishedPolicies"/>); each request asks the
/// database only for a small stamp that changes when a version is published or superseded — by this instance or another.
/// The versions handed out are shared between requests: read them, never change them.
/// </summary>
public sealed class PolicyCatalog(AppDbContext db, PublishedPolicies published, TimeProvider clock)
{
    /// <summary>
    /// Policy §8.2: the newest non-draft version already in effect. A version replaced by one that takes effect
    /// later is already marked Superseded, yet stays current until that day.
    /// </summary>
    public async Task<PolicyVersion> CurrentAsync(CancellationToken cancellationToken)
    {
        var today = SiteDates.Today(clock);
        return (await AllAsync(cancellationToken)).FirstOrDefault(v => v.EffectiveFrom <= today)
            ?? throw new InvalidOperationException("No published policy version is in effect.");
    }

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<PolicyVersion>> PublishedAsync(CancellationToken cancellationToken) => await AllAsync(cancellationToken);

    public async Task<PolicyVersion?> ByNumberAsync(int number, CancellationToken cancellationToken) =>
        (await AllAsync(cancellationToken)).FirstOrDefault(v => v.Number == number);

    private async Task<IReadOnlyList<PolicyVersion>> AllAsync(CancellationToken cancellationToken)
    {
        var stamp = await db.PolicyVersions
            .Where(v => v.State != PolicyVersionState.Draft)
            .GroupBy(_ => 1)
            .Select(g => new PublishedPolicies.Stamp(g.Count(), g.Max(v => v.Number), g.Count(v => v.State == PolicyVersionState.Superseded)))
            .FirstOrDefaultAsync(cancellationToken) ?? new PublishedPolicies.Stamp(0, 0, 0);
        if (published.Get(stamp) is { } versions)
        {
            return versions;
        }

        var loaded = await db.PolicyVersions.AsNoTracking().Include(v => v.Texts)
            .Where(v => v.State != PolicyVersionState.Draft)
            .OrderByDescending(v => v.Number)
            .ToListAsync(cancellationToken);
        published.Keep(stamp, loaded);
        return loaded;
    }
}

/// <summary>The published versions with their texts, as last read, with the stamp they were read under.</summary>
public sealed class PublishedPolicies
{
    private Entry? _entry;

    public sealed record Stamp(int Count, int Newest, int Superseded);

    private sealed record Entry(Stamp Stamp, IReadOnlyList<PolicyVersion> Versions);

    public IReadOnlyList<PolicyVersion>? Get(Stamp stamp) => Volatile.Read(ref _entry) is { } entry && entry.Stamp == stamp ? entry.Versions : null;

    public void Keep(Stamp stamp, IReadOnlyList<PolicyVersion> versions) => Volatile.Write(ref _entry, new Entry(stamp, versions));
}
