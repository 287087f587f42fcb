namespace PersonalDataPolicy.Policies;

/// <summary>One numbered section of the policy: a heading, an optional lead paragraph and numbered clauses.</summary>
public sealed record PolicySection(int Number, string Heading, string? Intro, IReadOnlyList<string> Clauses)
{
    public string Anchor => $"section-{Number}";

    public static string ClauseAnchor(int section, int clause) => $"clause-{section}-{clause}";
}
