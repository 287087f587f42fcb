using System.Net.Mail;
using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.Extensions.Localization;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Web.Features.Shared;

/// <summary>The rules for names, e-mail and phone, shared by every form that collects them (policy §3).</summary>
public static partial class ContactRules
{
    public const int NameMaxLength = 100;
    public const int EmailMaxLength = 254;

    public static void RequiredName<T>(this IRuleBuilderInitial<T, string?> rule, IStringLocalizer t, string labelKey) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => t["Validation_Required", t[labelKey]])
            .Must(BeAName).WithMessage(_ => t["Validation_Name", t[labelKey], NameMaxLength]);

    public static void OptionalName<T>(this IRuleBuilderInitial<T, string?> rule, IStringLocalizer t, string labelKey) =>
        rule.Must(name => string.IsNullOrWhiteSpace(name) || BeAName(name))
            .WithMessage(_ => t["Validation_Name", t[labelKey], NameMaxLength]);

    public static void RequiredEmail<T>(this IRuleBuilderInitial<T, string?> rule, IStringLocalizer t) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => t["Validation_Required", t["Appeal_Email"]])
            .Must(BeAnEmailAddress).WithMessage(_ => t["Validation_Email"]);

    public static void RequiredPhone<T>(this IRuleBuilderInitial<T, string?> rule, IStringLocalizer t) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => t["Validation_Required", t["Appeal_Phone"]])
            .Must(BeAPhoneNumber).WithMessage(_ => t["Validation_Phone"]);

    /// <summary>
    /// Kazakh and Russian Cyrillic, Latin; words joined by a hyphen, an apostrophe or one space. Each word is in one
    /// script: "Иvan" looks like "Иван" and is refused.
    /// </summary>
    public static bool BeAName(string? name) =>
        name is not null && name.Trim().Length <= NameMaxLength && NamePattern().IsMatch(name.Trim())
        && WordSeparators().Split(name.Trim()).All(word => word.All(char.IsAsciiLetter) || !word.Any(char.IsAsciiLetter));

    /// <summary>What a phone number is typed with: digits, spaces, + - ( ) and dots; anything else is not a phone.</summary>
    public static bool BeAPhoneNumber(string? phone) =>
        phone is not null && PhoneCharacters().IsMatch(phone) && PhoneNumberNormalizer.TryNormalize(phone, out _);

    public static bool BeAnEmailAddress(string? email)
    {
        if (email is null || email.Trim().Length > EmailMaxLength)
        {
            return false;
        }

        var trimmed = email.Trim();
        return MailAddress.TryCreate(trimmed, out var address)
            && address.Address == trimmed
            && address.DisplayName.Length == 0
            && EmailPattern().IsMatch(trimmed);
    }

    public static PersonName ToPersonName(string lastName, string firstName, string? patronymic) =>
        new(lastName.Trim(), firstName.Trim(), string.IsNullOrWhiteSpace(patronymic) ? null : patronymic.Trim());

    [GeneratedRegex(@"^[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+(?:(?:[-'’]| )[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+)*\z")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"[-'’ ]")]
    private static partial Regex WordSeparators();

    [GeneratedRegex(@"^[0-9 +\-().]{1,32}\z")]
    private static partial Regex PhoneCharacters();

    /// <summary>A plain mailbox with a dotted domain: what a reply can actually be sent to.</summary>
    [GeneratedRegex(@"^[^\s@""<>()\[\],;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+\z")]
    private static partial Regex EmailPattern();
}
