using FluentValidation;
using Microsoft.Extensions.Localization;
using PersonalDataPolicy.Web.Features.Shared;

namespace PersonalDataPolicy.Web.Features.Appeals;

/// <summary>Server-side, authoritative rules of the appeal form; every message comes from the visitor's language.</summary>
public sealed class AppealFormValidator : AbstractValidator<AppealForm>
{
    public const int MessageMaxLength = 4000;

    public AppealFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.LastName).RequiredName(t, "Appeal_LastName");
        RuleFor(f => f.FirstName).RequiredName(t, "Appeal_FirstName");
        RuleFor(f => f.Patronymic).OptionalName(t, "Appeal_Patronymic");
        RuleFor(f => f.Email).RequiredEmail(t);
        RuleFor(f => f.Phone).RequiredPhone(t);
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
}
