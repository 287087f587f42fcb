using System.Globalization;
using PersonalDataPolicy.Policies;

namespace PersonalDataPolicy.Web.Features.Search;

/// <summary>One paragraph of the policy that matched, with where to jump to.</summary>
public sealed record PolicySearchHit(string Number, string SectionHeading, string Text, string Anchor);

/// <summary>Finds the clauses of one policy text that contain every word of a query (case-insensitive).</summary>
public static class PolicySearch
{
    public const int MaxQueryLength = 200;

    public static IReadOnlyList<string> Terms(string? query, CultureInfo culture) =>
        (query ?? string.Empty).Trim()
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t.Trim('"', '«', '»', '“', '”', ',', '.', ';', ':', '?', '!').ToLower(culture))
            .Where(t => t.Length > 0)
            .Distinct()
            .Take(10)
            .ToList();

    public static IReadOnlyList<PolicySearchHit> Find(PolicyText text, IReadOnlyList<string> terms, CultureInfo culture)
    {
        if (terms.Count == 0)
        {
            return [];
        }

        bool Matches(string paragraph)
        {
            var lower = paragraph.ToLower(culture);
            return terms.All(t => lower.Contains(t, StringComparison.Ordinal));
        }

        var hits = new List<PolicySearchHit>();
        foreach (var section in text.Sections)
        {
            if (Matches(section.Heading))
            {
                hits.Add(new($"{section.Number}.", section.Heading, section.Heading, section.Anchor));
            }

            if (section.Intro is { } intro && Matches(intro))
            {
                hits.Add(new($"{section.Number}.", section.Heading, intro, section.Anchor));
            }

            for (var i = 0; i < section.Clauses.Count; i++)
            {
                if (Matches(section.Clauses[i]))
                {
                    hits.Add(new($"{section.Number}.{i + 1}.", section.Heading, section.Clauses[i], PolicySection.ClauseAnchor(section.Number, i + 1)));
                }
            }
        }

        return hits;
    }
}
