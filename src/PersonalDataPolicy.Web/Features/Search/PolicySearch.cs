using PersonalDataPolicy.Policies;

namespace PersonalDataPolicy.Web.Features.Search;

/// <summary>One paragraph of the policy that matched, with where to jump to.</summary>
public sealed record PolicySearchHit(string Number, string SectionHeading, string Text, string Anchor);

/// <summary>
/// The words of a search: a paragraph matches when it has every one of them, in any grammatical form
/// (same stem), or as the beginning of a longer word (typed in part).
/// </summary>
public sealed class SearchQuery
{
    public const int MaxLength = 200;
    private const int ShortestPrefix = 3;
    private readonly List<PolicyWord> _words;
    private readonly string _language;

    public SearchQuery(string? text, string language)
    {
        _language = language;
        _words = PolicyWords.Read(text ?? string.Empty, language).DistinctBy(w => w.Stem).Take(10).ToList();
    }

    public bool IsEmpty => _words.Count == 0;

    /// <summary>The words of a paragraph that answer the query; empty unless every query word is answered.</summary>
    public IReadOnlyList<PolicyWord> Matches(string paragraph)
    {
        var words = PolicyWords.Read(paragraph, _language);
        var matched = words.Where(w => _words.Any(q => Answers(w, q))).ToList();
        return _words.All(q => matched.Any(w => Answers(w, q))) ? matched : [];
    }

    private static bool Answers(PolicyWord word, PolicyWord query) =>
        word.Stem == query.Stem
        || (query.Folded.Length >= ShortestPrefix && word.Folded.StartsWith(query.Folded, StringComparison.Ordinal));
}

/// <summary>Finds the clauses of one policy text that answer a query.</summary>
public static class PolicySearch
{
    public static IReadOnlyList<PolicySearchHit> Find(PolicyText text, SearchQuery query)
    {
        if (query.IsEmpty)
        {
            return [];
        }

        var hits = new List<PolicySearchHit>();
        foreach (var section in text.Sections)
        {
            if (query.Matches(section.Heading).Count > 0)
            {
                hits.Add(new($"{section.Number}.", section.Heading, section.Heading, section.Anchor));
            }

            if (section.Intro is { } intro && query.Matches(intro).Count > 0)
            {
                hits.Add(new($"{section.Number}.", section.Heading, intro, section.Anchor));
            }

            for (var i = 0; i < section.Clauses.Count; i++)
            {
                if (query.Matches(section.Clauses[i]).Count > 0)
                {
                    hits.Add(new($"{section.Number}.{i + 1}.", section.Heading, section.Clauses[i], PolicySection.ClauseAnchor(section.Number, i + 1)));
                }
            }
        }

        return hits;
    }
}
