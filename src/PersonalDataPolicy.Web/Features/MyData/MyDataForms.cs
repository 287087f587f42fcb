using FluentValidation;
using Microsoft.Extensions.Localization;
using PersonalDataPolicy.Web.Features.Shared;

namespace PersonalDataPolicy.Web.Features.MyData;

public sealed class AccessLinkForm
{
    public string? Email { get; set; }
}

public sealed class AccessLinkFormValidator : AbstractValidator<AccessLinkForm>
{
    public AccessLinkFormValidator(IStringLocalizer<SharedResource> t) => RuleFor(f => f.Email).RequiredEmail(t);
}

/// <summary>Policy §6.4: what a person may correct themselves.</summary>
public sealed class UpdateDetailsForm
{
    public string? LastName { get; set; }
    public string? FirstName { get; set; }
    public string? Patronymic { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
}

/// <summary>The same rules as the appeal form, so data is as clean after a correction as after the first contact.</summary>
public sealed class UpdateDetailsFormValidator : AbstractValidator<UpdateDetailsForm>
{
    public UpdateDetailsFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.LastName).RequiredName(t, "Appeal_LastName");
        RuleFor(f => f.FirstName).RequiredName(t, "Appeal_FirstName");
        RuleFor(f => f.Patronymic).OptionalName(t, "Appeal_Patronymic");
        RuleFor(f => f.Phone).RequiredPhone(t);
        RuleFor(f => f.Email).RequiredEmail(t);
    }
}
