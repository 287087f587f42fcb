using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Appeals;
using PersonalDataPolicy.Web.Features.Appeals;
using PersonalDataPolicy.Web.Features.Shared;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>The form's rules on their own, with the site's real resources.</summary>
public sealed class AppealFormValidatorTests
{
    private static readonly AppealFormValidator Validator = new(new StringLocalizer<SharedResource>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance)));

    private static AppealForm Valid() => new()
    {
        LastName = "Әбдірахманов",
        FirstName = "Ерғали",
        Patronymic = null,
        Email = "erg@example.kz",
        Phone = "+7 701 234 56 78",
        PreferredChannel = ContactChannel.Telegram,
        Topic = AppealTopic.Complaint,
        Message = "Text",
        ConsentToProcessing = true,
        PolicyVersion = 1,
    };

    [Theory]
    [InlineData("Иванов")]
    [InlineData("Сәрсенбайұлы")]
    [InlineData("Іңкәр")]
    [InlineData("Үмбетқызы-Һайдарова")]
    [InlineData("O'Neil")]
    [InlineData("Д’Артаньян")]
    [InlineData("van der Berg")]
    [InlineData("Ё")]
    public void Names_in_kazakh_russian_or_latin_with_hyphen_apostrophe_or_space_are_accepted(string name)
    {
        var form = Valid();
        form.LastName = name;
        form.Patronymic = name;

        Assert.True(Validator.Validate(form).IsValid);
    }

    [Theory]
    [InlineData("R2D2")]
    [InlineData("Анна--Мария")]
    [InlineData("-Анна")]
    [InlineData("Анна  Мария")]
    [InlineData("<b>")]
    [InlineData("Ἀλέξανδρος")]
    [InlineData("名前")]
    [InlineData("Anna\nMaria")]
    [InlineData("Иvan")]
    [InlineData("Aнна")]
    public void Digits_symbols_other_scripts_and_doubled_separators_are_refused(string name)
    {
        var form = Valid();
        form.FirstName = name;

        var result = Validator.Validate(form);

        Assert.Equal(nameof(AppealForm.FirstName), Assert.Single(result.Errors).PropertyName);
    }

    [Fact]
    public void Names_longer_than_the_limit_are_refused_and_the_message_says_the_limit()
    {
        var form = Valid();
        form.LastName = new string('а', ContactRules.NameMaxLength + 1);

        var error = Assert.Single(Validator.Validate(form).Errors);

        Assert.Contains("100", error.ErrorMessage);
    }

    [Theory]
    [InlineData("user@example.kz", true)]
    [InlineData("first.last+tag@sub.example.com", true)]
    [InlineData("user@localhost", false)]
    [InlineData("user@@example.kz", false)]
    [InlineData("User <user@example.kz>", false)]
    [InlineData("user@example..kz", false)]
    [InlineData("user example@example.kz", false)]
    [InlineData("@example.kz", false)]
    public void Email_addresses_must_be_plain_deliverable_mailboxes(string email, bool valid)
    {
        Assert.Equal(valid, ContactRules.BeAnEmailAddress(email));
    }

    [Theory]
    [InlineData("+7 701 234 56 78", true)]
    [InlineData("8 (701) 234-56-78", true)]
    [InlineData("+7 701 234 56 78\r\nBcc: x@y.kz", false)]
    [InlineData("+7 701 234 56 78 ext 5", false)]
    [InlineData("tel:+77012345678", false)]
    public void A_phone_is_only_digits_and_the_usual_separators(string phone, bool valid)
    {
        Assert.Equal(valid, ContactRules.BeAPhoneNumber(phone));
    }

    [Fact]
    public void An_email_longer_than_254_characters_is_refused()
    {
        Assert.False(ContactRules.BeAnEmailAddress(new string('a', 245) + "@example.kz"));
    }

    [Theory]
    [InlineData("kk", "Өтінішті жіберу үшін дербес деректерді өңдеуге келісім беріңіз.")]
    [InlineData("ru", "Чтобы отправить обращение, дайте согласие на обработку персональных данных.")]
    [InlineData("en", "To send the appeal, give your consent to the processing of your personal data.")]
    public void Missing_consent_is_refused_in_the_visitors_language(string culture, string message)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var form = Valid();
            form.ConsentToProcessing = false;

            Assert.Equal(message, Assert.Single(Validator.Validate(form).Errors).ErrorMessage);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void Marketing_consent_is_optional()
    {
        var form = Valid();
        form.ConsentToMarketing = false;

        Assert.True(Validator.Validate(form).IsValid);
    }

    [Fact]
    public void Every_required_field_left_empty_gets_its_own_error()
    {
        var result = Validator.Validate(new AppealForm());

        Assert.Equal(
            ["ConsentToProcessing", "Email", "FirstName", "LastName", "Message", "Phone", "PreferredChannel", "Topic"],
            result.Errors.Select(e => e.PropertyName).Order());
    }

    [Fact]
    public void A_message_over_the_limit_is_refused()
    {
        var form = Valid();
        form.Message = new string('x', AppealFormValidator.MessageMaxLength + 1);

        Assert.Equal(nameof(AppealForm.Message), Assert.Single(Validator.Validate(form).Errors).PropertyName);
    }
}
