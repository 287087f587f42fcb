using System.Text.RegularExpressions;
using Lucene.Net.Tartarus.Snowball;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace PersonalDataPolicy.Web.Features.Search;

/// <summary>One word of a text: where it is, and the form searches compare.</summary>
public sealed record PolicyWord(int Start, int Length, string Folded, string Stem);

/// <summary>
/// Splits text into words and reduces each to a stem, so that «почта» finds «почты», "consent" finds "consents"
/// and «келісім» finds «келісімді». Russian and English use the Snowball stemmers (Lucene.Net); no kept library
/// stems Kazakh, so <see cref="KazakhStemmer"/> strips its regular endings. Hyphens and apostrophes inside a word
/// are dropped ("e-mail" is "email"), ё is е, and Kazakh letters are folded to the Russian ones people type on a
/// keyboard without them.
/// </summary>
public static partial class PolicyWords
{
    public static IReadOnlyList<PolicyWord> Read(string text, string language)
    {
        var stemmer = Stemmer(language);
        var words = new List<PolicyWord>();
        foreach (Match match in Word().Matches(text))
        {
            var folded = Fold(match.Value);
            words.Add(new PolicyWord(match.Index, match.Length, folded, Stem(folded, stemmer)));
        }

        return words;
    }

    private static string Fold(string word)
    {
        var letters = new System.Text.StringBuilder(word.Length);
        foreach (var c in word.ToLowerInvariant())
        {
            // Hyphens and apostrophes inside a word are dropped: "e-mail" is "email".
            if (c is not ('-' or '\'' or '’' or '‐'))
            {
                letters.Append(KazakhLetters.Fold(c));
            }
        }

        return letters.ToString();
    }

    private static string Stem(string folded, SnowballProgram? stemmer)
    {
        if (stemmer is null)
        {
            return KazakhStemmer.Stem(folded);
        }

        stemmer.SetCurrent(folded);
        stemmer.Stem();
        return stemmer.Current;
    }

    // Snowball stemmers keep state: one per call, never shared between requests.
    private static SnowballProgram? Stemmer(string language) => language switch
    {
        "ru" => new RussianStemmer(),
        "en" => new EnglishStemmer(),
        _ => null,
    };

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:[-'’‐][\p{L}\p{N}]+)*")]
    private static partial Regex Word();
}

/// <summary>
/// A light Kazakh stemmer: strips plural, possessive, case and infinitive endings (in their folded spelling) while
/// at least three letters remain. Query and text are stemmed alike, so an ending stripped too eagerly only widens a
/// search; it never hides a clause.
/// </summary>
public static class KazakhStemmer
{
    private const int ShortestStem = 3;

    private static readonly string[] Endings =
    [
        // Plural + possessive combinations first, then case, possessive, plural, infinitive (longest first).
        "ларымыз", "леримиз", "ларыныз", "лериниз",
        "ларын", "лерин", "дарын", "дерин", "тарын", "терин",
        "нын", "нин", "дын", "дин", "тын", "тин",
        "нан", "нен", "дан", "ден", "тан", "тен",
        "нда", "нде", "мен", "бен", "пен",
        "ымыз", "имиз", "ыныз", "иниз", "сыныз", "синиз",
        "лар", "лер", "дар", "дер", "тар", "тер",
        "га", "ге", "ка", "ке", "на", "не",
        "ны", "ни", "ды", "ди", "ты", "ти",
        "да", "де", "та", "те",
        "сы", "си", "ым", "им", "ын", "ин",
        "у", "ы", "и", "а", "е",
    ];

    public static string Stem(string word)
    {
        var stem = word;
        for (var round = 0; round < 4; round++)
        {
            var ending = Endings.FirstOrDefault(e => stem.Length - e.Length >= ShortestStem && stem.EndsWith(e, StringComparison.Ordinal));
            if (ending is null)
            {
                break;
            }

            stem = stem[..^ending.Length];
        }

        return stem;
    }
}
