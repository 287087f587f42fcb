using System.Text;
using System.Text.RegularExpressions;
using PersonalDataPolicy.Policies;

namespace PersonalDataPolicy.Requests;

public sealed record MarkedSubjectMatch(RequestType Type, string Language);

/// <summary>
/// Reads an e-mail subject line as one of the policy's marked subjects (§4.2, §6.4, §6.5) in any language,
/// however it was replied to, forwarded, quoted, cased or spaced.
/// </summary>
public static partial class MarkedSubjectMatcher
{
    /// <summary>The request a subject line asks for, and the language it was written in; null if it is not a marked subject.</summary>
    public static MarkedSubjectMatch? Match(string? subjectLine, IEnumerable<PolicyText> texts)
    {
        var normalized = Normalize(StripPrefixes(subjectLine ?? string.Empty));
        if (normalized.Length == 0)
        {
            return null;
        }

        foreach (var text in texts)
        {
            var marked = text.MarkedSubjects;
            var type = normalized == Normalize(marked.OptOutOfMarketing) ? RequestType.OptOut
                : normalized == Normalize(marked.UpdatePersonalData) ? RequestType.Update
                : normalized == Normalize(marked.WithdrawConsent) ? RequestType.Withdraw
                : (RequestType?)null;
            if (type is { } found)
            {
                return new MarkedSubjectMatch(found, text.Language);
            }
        }

        return null;
    }

    private static string StripPrefixes(string subject)
    {
        var previous = string.Empty;
        var current = subject.Trim();
        while (current != previous)
        {
            previous = current;
            current = ReplyPrefix().Replace(current, string.Empty).Trim();
        }

        return current;
    }

    /// <summary>
    /// Case-folded, Kazakh letters folded to the Russian ones people type on a keyboard without them, quotes and
    /// final punctuation dropped, runs of white space made one space. Both sides are folded alike, so folding
    /// loses nothing: the marked subjects stay distinct.
    /// </summary>
    private static string Normalize(string text)
    {
        var folded = FoldKazakhLetters(text.Normalize(NormalizationForm.FormC).ToLowerInvariant());
        var withoutQuotes = Quotes().Replace(folded, string.Empty);
        return Spaces().Replace(withoutQuotes, " ").Trim().TrimEnd('.', '!');
    }

    // In a subject line the Kazakh і is also typed as the Latin i; both sides are folded alike, so the English
    // subjects still match themselves.
    private static string FoldKazakhLetters(string text) =>
        string.Create(text.Length, text, (letters, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                letters[i] = source[i] == 'i' ? 'и' : KazakhLetters.Fold(source[i]);
            }
        });

    /// <summary>Re:, RE[2]:, Fwd:, Fw:, and the Russian and Kazakh forms mail clients use (Отв:, Пересл:, Жауап:).</summary>
    [GeneratedRegex(@"^(?:re|fwd?|aw|wg|sv|отв|ответ|пересл|переслано|fw|жауап|қайта жіберу|кайта жиберу)\s*(?:\[\d+\])?\s*:\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReplyPrefix();

    [GeneratedRegex("[\"'«»“”„‘’`]")]
    private static partial Regex Quotes();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
