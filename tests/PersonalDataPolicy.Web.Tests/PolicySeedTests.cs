using PersonalDataPolicy.Data;
using PersonalDataPolicy.Policies;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>Version 1 in kk and ru must be complete, faithful in structure, and carry the policy's marked e-mail subjects.</summary>
public sealed class PolicySeedTests
{
    private static readonly PolicyVersion Version1 = PolicySeed.Version1();

    public static TheoryData<string> Languages() => [.. SiteLanguages.All];

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_language_has_the_eight_sections_with_the_same_clause_count_as_english(string language)
    {
        var english = Version1.TextIn("en");
        var text = Version1.TextIn(language);

        Assert.Equal(8, text.Sections.Count);
        Assert.Equal(english.Sections.Select(s => (s.Number, s.Clauses.Count, s.Intro is null)), text.Sections.Select(s => (s.Number, s.Clauses.Count, s.Intro is null)));
        Assert.All(text.Sections.SelectMany(s => s.Clauses.Append(s.Heading)), c => Assert.False(string.IsNullOrWhiteSpace(c)));
        Assert.True(text.HashMatchesText);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void The_marked_email_subjects_appear_in_clauses_4_2_6_4_and_6_5(string language)
    {
        var text = Version1.TextIn(language);
        string Clause(int section, int clause) => text.Sections[section - 1].Clauses[clause - 1];

        Assert.Contains(text.MarkedSubjects.OptOutOfMarketing, Clause(4, 2));
        Assert.Contains(text.MarkedSubjects.UpdatePersonalData, Clause(6, 4));
        Assert.Contains(text.MarkedSubjects.WithdrawConsent, Clause(6, 5));
    }

    [Theory]
    [InlineData("kk")]
    [InlineData("ru")]
    public void The_translations_are_in_cyrillic_not_left_in_english(string language)
    {
        var text = Version1.TextIn(language);
        var all = string.Concat(text.Sections.SelectMany(s => s.Clauses.Append(s.Heading)));
        var cyrillic = all.Count(c => c is >= '\u0400' and <= '\u04FF');
        var latin = all.Count(char.IsAsciiLetter);

        Assert.True(cyrillic > 20 * latin, $"{language}: {cyrillic} Cyrillic vs {latin} Latin letters");
        Assert.NotEqual(Version1.TextIn("en").Sha256, text.Sha256);
    }

    // The fund's English page as it was given to the project, kept in the repository as test data.
    [Fact]
    public void English_is_the_seed_page_text_word_for_word()
    {
        var seed = File.ReadAllText(Infrastructure.Repository.PathOf("tests", "PersonalDataPolicy.Web.Tests", "TestData", "policy-page-en.txt"));
        var english = Version1.TextIn("en");

        Assert.Contains(english.Title, seed);
        foreach (var clause in english.Sections.SelectMany(s => s.Clauses))
        {
            Assert.Contains(clause, seed);
        }
    }
}
