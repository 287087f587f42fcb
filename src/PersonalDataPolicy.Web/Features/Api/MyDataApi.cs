using System.Globalization;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Consents;
using PersonalDataPolicy.Web.Features.MyData;
using PersonalDataPolicy.Web.Features.Shared;

namespace PersonalDataPolicy.Web.Features.Api;

/// <summary>Everything held about the person, as the website's download gives it, and where each consent stands now.</summary>
public sealed record MyDataResponse(bool Active, bool ProcessingConsent, bool MarketingConsent, DataExport Data);

public sealed class DetailsUpdate : IApiRequestBody
{
    public string? LastName { get; init; }
    public string? FirstName { get; init; }
    public string? Patronymic { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
}

public enum DetailsOutcome
{
    Updated,

    /// <summary>A new address is taken only once the link mailed to it is opened (policy §6.4).</summary>
    UpdatedEmailPending,
}

public sealed record DetailsUpdated(DetailsOutcome Outcome);

public sealed record MarketingOptedOut(bool MarketingConsent);

public sealed record ConsentWithdrawn(DateOnly DestroyOn);

/// <summary>
/// The person's rights (policy §6), in a session the mailed code opened: see everything held, correct it, stop marketing,
/// withdraw consent. Each calls the website's handler with the mobile app as the channel.
/// </summary>
public static class MyDataApi
{
    /// <summary>The person acts in a session that only a code mailed to their address could open.</summary>
    private const string Evidence = "session:mobile-app";

    public static void MapMyDataApi(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("My data").RequireAuthorization(AppSession.Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        me.MapGet("", Show)
            .WithName("GetMyData")
            .WithSummary("Everything the fund holds about the person, and their consents")
            .Produces<MyDataResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        me.MapPost("/details", Update).Writes()
            .WithName("UpdateMyDetails")
            .WithSummary("Corrects names, phone and e-mail (a new address is confirmed by a link mailed to it)")
            .Produces<DetailsUpdated>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        me.MapPost("/marketing/opt-out", OptOut).Writes()
            .WithName("OptOutOfMarketing")
            .WithSummary("Stops marketing notifications at once; processing consent is untouched")
            .Produces<MarketingOptedOut>()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        me.MapPost("/consent/withdraw", Withdraw).Writes()
            .WithName("WithdrawConsent")
            .WithSummary("Withdraws consent to processing: the data is blocked at once and destroyed on the date given; the session ends")
            .Produces<ConsentWithdrawn>()
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> Show(HttpContext http, SubjectRights rights, AppDbContext db, IStringLocalizer<SharedResource> t, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        var subject = await SubjectAsync(http, rights, cancellationToken);
        if (subject is not { IsActive: true })
        {
            // Policy §2.2: blocked data is not processed, and handing it out is processing.
            return Blocked(t);
        }

        var model = await MyDataViewModel.LoadAsync(db, subject, null, cancellationToken);
        return TypedResults.Ok(new MyDataResponse(subject.IsActive,
            model.Consents.IsGranted(ConsentPurpose.PersonalDataProcessing),
            model.Consents.IsGranted(ConsentPurpose.MarketingNotifications),
            DataExport.From(model, clock.GetUtcNow())));
    }

    private static async Task<IResult> Update(DetailsUpdate request, HttpContext http, SubjectRights rights, IValidator<UpdateDetailsForm> validator,
        IStringLocalizer<SharedResource> t, CancellationToken cancellationToken)
    {
        var subject = await SubjectAsync(http, rights, cancellationToken);
        if (subject is not { IsActive: true })
        {
            return Blocked(t);
        }

        var form = new UpdateDetailsForm
        {
            LastName = request.LastName,
            FirstName = request.FirstName,
            Patronymic = request.Patronymic,
            Phone = request.Phone,
            Email = request.Email,
        };
        var result = await validator.ValidateAsync(form, cancellationToken);
        if (!result.IsValid)
        {
            return ApiProblems.Validation(t, result.Errors);
        }

        PhoneNumberNormalizer.TryNormalize(form.Phone, out var phone);
        var outcome = await rights.UpdateAsync(subject, ContactRules.ToPersonName(form.LastName!, form.FirstName!, form.Patronymic),
            phone, EmailAddressNormalizer.Normalize(form.Email!), Language(), RequestChannel.MobileApp, cancellationToken);
        // An address on another person's record gets the answer of a free one: the API must not tell whose it is.
        return TypedResults.Ok(new DetailsUpdated(outcome == UpdateOutcome.Updated ? DetailsOutcome.Updated : DetailsOutcome.UpdatedEmailPending));
    }

    private static async Task<IResult> OptOut(HttpContext http, SubjectRights rights, OptOutHandler handler, IStringLocalizer<SharedResource> t,
        CancellationToken cancellationToken)
    {
        var subject = await SubjectAsync(http, rights, cancellationToken);
        if (subject is null)
        {
            return Blocked(t);
        }

        await handler.HandleAsync(subject, RequestChannel.MobileApp, Language(), EvidenceOf(http), cancellationToken);
        return TypedResults.Ok(new MarketingOptedOut(MarketingConsent: false));
    }

    private static async Task<IResult> Withdraw(HttpContext http, SubjectRights rights, WithdrawConsentHandler handler, AppDbContext db,
        IStringLocalizer<SharedResource> t, CancellationToken cancellationToken)
    {
        var subject = await SubjectAsync(http, rights, cancellationToken);
        if (subject is not { IsActive: true })
        {
            return Blocked(t);
        }

        var plan = await handler.HandleAsync(subject, RequestChannel.MobileApp, Language(), EvidenceOf(http), cancellationToken);
        // As on the website: withdrawing ends the session.
        var session = AppSession.SessionId(http.User);
        await db.AppAccessCodes.Where(c => c.Id == session).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.Ok(new ConsentWithdrawn(Infrastructure.SiteDates.DayOf(plan.DestroyAt)));
    }

    private static async Task<DataSubject?> SubjectAsync(HttpContext http, SubjectRights rights, CancellationToken cancellationToken) =>
        AppSession.SubjectId(http.User) is { } id ? await rights.ActiveSubjectAsync(id, cancellationToken) : null;

    private static string EvidenceOf(HttpContext http) => Evidence + ConsentProof.AppSuffix(AppVersionFilter.Of(http));

    private static string Language() => CultureInfo.CurrentUICulture.Name;

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Blocked(IStringLocalizer t) =>
        ApiProblems.Problem(t, StatusCodes.Status403Forbidden, "blocked", "Api_ProblemBlocked");
}
