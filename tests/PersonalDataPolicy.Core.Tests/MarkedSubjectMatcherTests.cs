using PersonalDataPolicy.Policies;
using PersonalDataPolicy.Requests;

namespace PersonalDataPolicy.Core.Tests;

public sealed class MarkedSubjectMatcherTests
{
    private static readonly PolicyText[] Texts =
    [
        Text("kk", new("Жаңа өнімдер, қызметтер және арнайы ұсыныстар туралы хабарламалардан бас тарту", "Дербес деректерді жаңарту", "Дербес деректерді өңдеуге келісімді кері қайтарып алу")),
        Text("ru", new("Отказ от уведомлений о новых продуктах и услугах и специальных предложениях", "Актуализация персональных данных", "Отзыв согласия на обработку персональных данных")),
        Text("en", new("Opt-out of notifications about new products and services and special offers", "Updating personal data", "Withdrawal of consent to the processing of personal data")),
    ];

    private static PolicyText Text(string language, MarkedEmailSubjects subjects) =>
        new(language, "Policy", [new PolicySection(1, "General", null, ["Clause."])], subjects);

    [Theory]
    [InlineData("Updating personal data", RequestType.Update, "en")]
    [InlineData("RE: updating PERSONAL data", RequestType.Update, "en")]
    [InlineData("Fwd: Re: Re[2]:  Withdrawal of consent to the processing   of personal data.", RequestType.Withdraw, "en")]
    [InlineData("“Opt-out of notifications about new products and services and special offers”", RequestType.OptOut, "en")]
    [InlineData("Отв: «Отзыв согласия на обработку персональных данных»", RequestType.Withdraw, "ru")]
    [InlineData("Пересл: АКТУАЛИЗАЦИЯ персональных данных", RequestType.Update, "ru")]
    [InlineData("отказ от уведомлений о новых продуктах и услугах и специальных предложениях", RequestType.OptOut, "ru")]
    [InlineData("Жауап: Дербес деректерді жаңарту", RequestType.Update, "kk")]
    [InlineData("ДЕРБЕС ДЕРЕКТЕРДІ ӨҢДЕУГЕ КЕЛІСІМДІ КЕРІ ҚАЙТАРЫП АЛУ", RequestType.Withdraw, "kk")]
    // Typed on a keyboard without Kazakh letters (issue 12).
    [InlineData("Дербес деректерди жанарту", RequestType.Update, "kk")]
    [InlineData("Дербес деректердi жаңарту", RequestType.Update, "kk")] // Latin i
    [InlineData("дербес деректерди ондеуге келисимди кери кайтарып алу", RequestType.Withdraw, "kk")]
    [InlineData("Жана онимдер, кызметтер жане арнайы усыныстар туралы хабарламалардан бас тарту", RequestType.OptOut, "kk")]
    [InlineData("Re: Жаңа өнімдер, қызметтер және арнайы ұсыныстар туралы хабарламалардан бас тарту", RequestType.OptOut, "kk")]
    public void Marked_subjects_are_read_whatever_the_prefix_case_quotes_or_spacing(string subjectLine, RequestType type, string language)
    {
        Assert.Equal(new MarkedSubjectMatch(type, language), MarkedSubjectMatcher.Match(subjectLine, Texts));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Re:")]
    [InlineData("Question about updating personal data")]
    [InlineData("Updating personal data please")]
    [InlineData("Withdrawal of consent")]
    public void Anything_else_is_not_a_request(string? subjectLine)
    {
        Assert.Null(MarkedSubjectMatcher.Match(subjectLine, Texts));
    }
}
