using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Policies;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Policy;

/// <summary>
/// Finds policy versions as visitors see them: only published or superseded ones, never drafts. Published texts never
/// change, so they are read from the database once and kept (<see cref="PublishedPolicies"/>); at most once per
/// <c>PublicPages:CacheLifetime</c> a request asks the database for a small stamp that changes when a version is published
/// or superseded by another instance (this instance's own publish forgets the versions at once). Which version is current
/// is decided on every call from the fund's date, so an effective date never waits. The versions handed out are shared
/// between requests: read them, never change them.
/// </summary>
/// <remarks>
/// The database context is resolved only when the kept versions are stale (issue 13): a public GET answered from them does
/// not pay for constructing one.
/// </remarks>
public sealed class PolicyCatalog(IServiceProvider services, PublishedPolicies published, TimeProvider clock)
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
        if (published.Fresh() is { } fresh)
        {
            return fresh;
        }

        var db = services.GetRequiredService<AppDbContext>();
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

/// <summary>
/// The published versions with their texts, as last read, with the stamp they were read under and when it was last
/// checked. A publish on this instance calls <see cref="ChangedAsync"/>: the versions are read again and every cached
/// public page is evicted (they all show something of the published versions).
/// </summary>
public sealed class PublishedPolicies(IOutputCacheStore pages, TimeProvider clock, IOptions<PublicPageCacheOptions> options)
{
    private Entry? _entry;

    public sealed record Stamp(int Count, int Newest, int Superseded);

    private sealed record Entry(Stamp Stamp, IReadOnlyList<PolicyVersion> Versions, DateTimeOffset CheckedAt);

    /// <summary>The versions without asking the database, while the last check is more recent than the cache lifetime.</summary>
    public IReadOnlyList<PolicyVersion>? Fresh() =>
        Volatile.Read(ref _entry) is { } entry && clock.GetUtcNow() - entry.CheckedAt < options.Value.CacheLifetime ? entry.Versions : null;

    public IReadOnlyList<PolicyVersion>? Get(Stamp stamp)
    {
        if (Volatile.Read(ref _entry) is not { } entry || entry.Stamp != stamp)
        {
            return null;
        }

        Volatile.Write(ref _entry, entry with { CheckedAt = clock.GetUtcNow() });
        return entry.Versions;
    }

    public void Keep(Stamp stamp, IReadOnlyList<PolicyVersion> versions) => Volatile.Write(ref _entry, new Entry(stamp, versions, clock.GetUtcNow()));

    /// <summary>A version was published (or the versions changed) here: read them again, and let no cached page show the old ones.</summary>
    public async Task ChangedAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _entry, null);
        await pages.EvictByTagAsync(PublicPageCache.PublishedPoliciesTag, cancellationToken);
    }
}
