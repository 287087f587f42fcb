using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Policies;

namespace PersonalDataPolicy.Data;

/// <summary>Seeds version 1 of the policy (the text published on the fund's site) in kk, ru and en.</summary>
public static class PolicySeed
{
    public static readonly DateOnly Version1EffectiveFrom = new(2025, 1, 1);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task EnsureSeededAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        if (await db.PolicyVersions.AnyAsync(cancellationToken))
        {
            return;
        }

        var version = Version1();
        version.Publish(replaced: null);
        db.PolicyVersions.Add(version);
        await db.SaveChangesAsync(cancellationToken);
    }

    public static PolicyVersion Version1() =>
        new(1, Version1EffectiveFrom, SiteLanguages.All.Select(language => LoadText($"policy-v1.{language}.json")));

    private static PolicyText LoadText(string resourceName)
    {
        using var stream = typeof(PolicySeed).Assembly.GetManifestResourceStream("Seed." + resourceName)
            ?? throw new InvalidOperationException($"Embedded policy text {resourceName} is missing.");
        var document = JsonSerializer.Deserialize<SeedDocument>(stream, Json)
            ?? throw new InvalidOperationException($"Embedded policy text {resourceName} is empty.");
        return new PolicyText(document.Language, document.Title, document.Sections, document.MarkedSubjects);
    }

    private sealed record SeedDocument(string Language, string Title, MarkedEmailSubjects MarkedSubjects, List<PolicySection> Sections);
}
