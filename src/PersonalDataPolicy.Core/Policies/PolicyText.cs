using System.Security.Cryptography;
using System.Text;

namespace PersonalDataPolicy.Policies;

/// <summary>The policy of one version in one language. Its hash pins exactly what a person agreed to.</summary>
public sealed class PolicyText
{
    private PolicyText()
    {
        Language = Title = Sha256 = string.Empty;
        Sections = [];
        MarkedSubjects = new(string.Empty, string.Empty, string.Empty);
    }

    public PolicyText(string language, string title, IReadOnlyList<PolicySection> sections, MarkedEmailSubjects markedSubjects)
    {
        if (!SiteLanguages.IsSupported(language))
        {
            throw new ArgumentOutOfRangeException(nameof(language), language, "Unsupported policy language.");
        }

        Language = language;
        Title = title;
        Sections = sections;
        MarkedSubjects = markedSubjects;
        Sha256 = ComputeSha256(title, sections);
    }

    public int Id { get; private set; }
    public int PolicyVersionId { get; private set; }
    public string Language { get; private set; }
    public string Title { get; private set; }
    public IReadOnlyList<PolicySection> Sections { get; private set; }
    public MarkedEmailSubjects MarkedSubjects { get; private set; }

    /// <summary>Lower-case hex SHA-256 of <see cref="CanonicalText"/>.</summary>
    public string Sha256 { get; private set; }

    public bool HashMatchesText => Sha256 == ComputeSha256(Title, Sections);

    /// <summary>
    /// The text as one string: NFC, LF line ends, numbered as printed. Anything that changes what a
    /// reader sees changes this string, and nothing else does.
    /// </summary>
    public static string CanonicalText(string title, IEnumerable<PolicySection> sections)
    {
        var text = new StringBuilder().Append(title.Trim()).Append('\n');
        foreach (var section in sections)
        {
            text.Append('\n').Append(section.Number).Append(". ").Append(section.Heading.Trim()).Append('\n');
            if (!string.IsNullOrWhiteSpace(section.Intro))
            {
                text.Append(section.Intro.Trim()).Append('\n');
            }

            for (var i = 0; i < section.Clauses.Count; i++)
            {
                text.Append(section.Number).Append('.').Append(i + 1).Append(". ").Append(section.Clauses[i].Trim()).Append('\n');
            }
        }

        return text.ToString().Normalize(NormalizationForm.FormC);
    }

    public static string ComputeSha256(string title, IEnumerable<PolicySection> sections) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText(title, sections))));
}
