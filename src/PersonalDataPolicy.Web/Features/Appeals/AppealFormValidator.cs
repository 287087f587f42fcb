using System.Net.Mail;
using FluentValidation;
using Microsoft.Extensions.Localization;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Web.Features.Appeals;

/// <summary>Server-side, authoritative rules of the appeal form; every message comes from the visitor's language.</summary>
public sealed partial class AppealFormValidator : AbstractValidator<AppealForm>
{
    public const int NameMaxLength = 100;
    public const int EmailMaxLength = 254;
    public const int MessageMaxLength = 4000;

    public AppealFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.LastName).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => t["Validation_Required", t["Appeal_LastName"]])
            .Must(BeAName).WithMessage(_ => t["Validation_Name", t["Appeal_LastName"], NameMaxLength]);
        RuleFor(f => f.FirstName).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => t["Validation_Required", t["Appeal_FirstName"]])
            .Must(BeAName).WithMessage(_ => t["Validation_Name", t["Appeal_FirstName"], NameMaxLength]);
        RuleFor(f => f.Patronymic)
            .Must(BeAName).When(f => !string.IsNullOrWhiteSpace(f.Patronymic))
            .WithMessage(_ => t["Validation_Name", t["Appeal_Patronymic"], NameMaxLength]);
        RuleFor(f => f.Email).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => t["Validation_Required", t["Appeal_Email"]])
            .Must(BeAnEmailAddress).WithMessage(_ => t["Validation_Email"]);
        RuleFor(f => f.Phone).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => t["Validation_Required", t["Appeal_Phone"]])
            .Must(p => PhoneNumberNormalizer.TryNormalize(p, out _)).WithMessage(_ => t["Validation_Phone"]);
        RuleFor(f => f.PreferredChannel).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage(_ => t["Validation_Choose", t["Appeal_PreferredChannel"]])
            .IsInEnum().WithMessage(_ => t["Validation_Choose", t["Appeal_PreferredChannel"]]);
        RuleFor(f => f.Topic).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage(_ => t["Validation_Choose", t["Appeal_Topic"]])
            .IsInEnum().WithMessage(_ => t["Validation_Choose", t["Appeal_Topic"]]);
        RuleFor(f => f.Message).Cascade(CascadeMode.Stop)
            .Must(m => !string.IsNullOrWhiteSpace(m)).WithMessage(_ => t["Validation_Required", t["Appeal_Message"]])
            .Must(m => m!.Trim().Length <= MessageMaxLength).WithMessage(_ => t["Validation_MaxLength", t["Appeal_Message"], MessageMaxLength]);
        RuleFor(f => f.ConsentToProcessing)
            .Equal(true).WithMessage(_ => t["Validation_ConsentRequired"]);
    }

    /// <summary>Kazakh and Russian Cyrillic, Latin; words joined by a hyphen, an apostrophe or one space.</summary>
    public static bool BeAName(string? name) =>
        name is not null && name.Trim().Length <= NameMaxLength && NamePattern().IsMatch(name.Trim());

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

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+(?:(?:[-'’]| )[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+)*\z")]
    private static partial System.Text.RegularExpressions.Regex NamePattern();

    /// <summary>A plain mailbox with a dotted domain: what a reply can actually be sent to.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^[^\s@""<>()\[\],;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+\z")]
    private static partial System.Text.RegularExpressions.Regex EmailPattern();
}
