using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Admin.Subjects;
using PersonalDataPolicy.Web.Features.Requests;
using PersonalDataPolicy.Web.Features.Shared;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Admin.Requests;

/// <summary>
/// A request received by phone (1414), on paper or in person, as staff register it: the person found by search (or a
/// new record), what is asked, when it arrived on the fund's clock, and how the person's identity was checked.
/// </summary>
public sealed class RegisterRequestForm
{
    /// <summary>The search that found the person, kept so the page can show the choice again.</summary>
    public SearchBy By { get; set; } = SearchBy.Phone;

    public Guid? SubjectId { get; set; }

    /// <summary>Nobody was found: staff type in the person's details and a new record is made.</summary>
    public bool NewPerson { get; set; }
    public string? LastName { get; set; }
    public string? FirstName { get; set; }
    public string? Patronymic { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Language { get; set; }

    public RequestType? Type { get; set; }
    public RequestChannel? Channel { get; set; }

    /// <summary>When the request arrived, on the fund's clock (Requests:TimeZone); the legal term runs from this day.</summary>
    public DateOnly? ReceivedOn { get; set; }
    public TimeOnly? ReceivedTime { get; set; }

    public IdentityCheckMethod? IdentityCheck { get; set; }
    public DateOnly? CheckedOn { get; set; }
    public TimeOnly? CheckedTime { get; set; }

    public DateTimeOffset? ReceivedAt => At(ReceivedOn, ReceivedTime);

    public DateTimeOffset? CheckedAt => At(CheckedOn, CheckedTime);

    private static DateTimeOffset? At(DateOnly? day, TimeOnly? time) => day is { } d && time is { } t ? SiteDates.AtFundTime(d, t) : null;
}

/// <summary>Every message in the staff member's language; a moment in the future or a check before the request is refused.</summary>
public sealed class RegisterRequestFormValidator : AbstractValidator<RegisterRequestForm>
{
    public RegisterRequestFormValidator(IStringLocalizer<SharedResource> t, TimeProvider clock)
    {
        RuleFor(f => f.SubjectId).NotNull().Unless(f => f.NewPerson).WithMessage(_ => t["Admin_Register_ChoosePerson"]);
        When(f => f.NewPerson, () =>
        {
            RuleFor(f => f.LastName).RequiredName(t, "Appeal_LastName");
            RuleFor(f => f.FirstName).RequiredName(t, "Appeal_FirstName");
            RuleFor(f => f.Patronymic).OptionalName(t, "Appeal_Patronymic");
            RuleFor(f => f.Email).RequiredEmail(t);
            RuleFor(f => f.Phone).RequiredPhone(t);
            RuleFor(f => f.Language).Must(SiteLanguages.IsSupported).WithMessage(_ => t["Validation_Choose", t["Admin_Language"]]);
        });
        RuleFor(f => f.Type).Must(type => type is { } value && Enum.IsDefined(value)).WithMessage(_ => t["Validation_Choose", t["Admin_Type"]]);
        RuleFor(f => f.Channel).Must(c => c is { } channel && IdentityCheck.StaffChannels.Contains(channel))
            .WithMessage(_ => t["Validation_Choose", t["Receipt_Channel"]]);
        RuleFor(f => f.ReceivedOn).Cascade(CascadeMode.Stop)
            .Must((f, _) => f.ReceivedAt is not null).WithMessage(_ => t["Validation_Required", t["Admin_Register_ReceivedAt"]])
            .Must((f, _) => f.ReceivedAt <= clock.GetUtcNow()).WithMessage(_ => t["Admin_Register_NotInFuture", t["Admin_Register_ReceivedAt"]]);
        RuleFor(f => f.IdentityCheck).Cascade(CascadeMode.Stop)
            .Must(method => method is { } value && Enum.IsDefined(value)).WithMessage(_ => t["Validation_Choose", t["Admin_Register_IdentityCheck"]])
            .Must((f, method) => f.Channel is not { } channel || new IdentityCheck(method!.Value, "-", default).SuitsChannel(channel))
            .WithMessage(_ => t["Admin_Register_DocumentOnlyInPerson"]);
        RuleFor(f => f.CheckedOn).Cascade(CascadeMode.Stop)
            .Must((f, _) => f.CheckedAt is not null).WithMessage(_ => t["Validation_Required", t["Admin_Register_CheckedAt"]])
            .Must((f, _) => f.CheckedAt <= clock.GetUtcNow()).WithMessage(_ => t["Admin_Register_NotInFuture", t["Admin_Register_CheckedAt"]])
            .Must((f, _) => f.ReceivedAt is not { } received || f.CheckedAt >= received).WithMessage(_ => t["Admin_Register_CheckBeforeRequest"]);
    }
}

public enum RegisterOutcome
{
    Registered,
    UnknownSubject,

    /// <summary>A new record was asked for with an address that already has one: search for it instead.</summary>
    EmailTaken,
}

/// <summary>One transaction: the person's record (found or new), the request with its legal due date, the audit line.</summary>
public sealed class RegisterReceivedRequestHandler(AppDbContext db, RequestRegister register, IBlindIndex blindIndex, AuditTrail audit, TimeProvider clock)
{
    public async Task<(RegisterOutcome Outcome, Guid? RequestId)> HandleAsync(RegisterRequestForm form, string staffUserId, CancellationToken cancellationToken)
    {
        Guid subjectId;
        if (form.NewPerson)
        {
            var email = EmailAddressNormalizer.Normalize(form.Email!);
            if (await db.DataSubjects.WithEmail(blindIndex, email).AnyAsync(cancellationToken))
            {
                return (RegisterOutcome.EmailTaken, null);
            }

            PhoneNumberNormalizer.TryNormalize(form.Phone, out var phone);
            var subject = new DataSubject(ContactRules.ToPersonName(form.LastName!, form.FirstName!, form.Patronymic), email, phone, form.Language!, blindIndex, clock.GetUtcNow());
            db.DataSubjects.Add(subject);
            subjectId = subject.Id;
        }
        else if (await db.DataSubjects.AnyAsync(s => s.Id == form.SubjectId && (s.Status == SubjectStatus.Active || s.Status == SubjectStatus.Blocked), cancellationToken))
        {
            subjectId = form.SubjectId!.Value;
        }
        else
        {
            return (RegisterOutcome.UnknownSubject, null);
        }

        var check = new IdentityCheck(form.IdentityCheck!.Value, staffUserId, form.CheckedAt!.Value);
        var request = register.OpenReceivedByStaff(subjectId, form.Type!.Value, form.Channel!.Value, form.ReceivedAt!.Value, check, staffUserId);
        audit.Record(AuditAction.RegisteredRequest, subjectId, AccessPurpose.AnsweringRequest,
            $"{request.Type} request {request.Id} received by {request.Channel}, identity: {check.Method}{(form.NewPerson ? ", new record" : "")}");
        await db.SaveChangesAsync(cancellationToken);
        return (RegisterOutcome.Registered, request.Id);
    }
}
