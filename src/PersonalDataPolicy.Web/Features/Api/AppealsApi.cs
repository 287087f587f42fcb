using System.ComponentModel;
using System.Text.Json;
using FluentValidation;
using Microsoft.Extensions.Localization;
using PersonalDataPolicy.Appeals;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Appeals;
using PersonalDataPolicy.Web.Features.Consents;
using PersonalDataPolicy.Web.Features.Operator;
using PersonalDataPolicy.Web.Features.Policy;
using PersonalDataPolicy.Web.Features.Shared;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Api;

/// <summary>The appeal form of the app: the website's fields, and the policy version and hash the app showed the person.</summary>
public sealed class AppealRequest : IApiRequestBody
{
    public string? LastName { get; init; }
    public string? FirstName { get; init; }
    public string? Patronymic { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    /// <summary>A name, not a number, so that a wrong one gets the form's field error (and generated clients see plain text).</summary>
    [Description("How the fund should answer: Email, PhoneCall, Sms, WhatsApp or Telegram.")]
    public string? PreferredChannel { get; init; }

    [Description("Question, Complaint, Suggestion, PersonalData or Other.")]
    public string? Topic { get; init; }
    public string? Message { get; init; }

    /// <summary>Policy §5.1: required, and the app must not tick it for the person.</summary>
    public bool ConsentToProcessing { get; init; }

    /// <summary>Policy §4.2: separate and optional; false unless the person ticked it.</summary>
    public bool ConsentToMarketing { get; init; }

    /// <summary>The policy version the app showed; consent is recorded against exactly this one.</summary>
    public int PolicyVersion { get; init; }

    /// <summary>The SHA-256 of the text shown, as GET /api/v1/policy/{language} gave it.</summary>
    public string? PolicySha256 { get; init; }

    /// <summary>The language of the text and consent sentences shown: kk, ru or en.</summary>
    public string? Language { get; init; }
}

/// <summary>A consent receipt in both machine-readable forms, as the website offers them.</summary>
public sealed record ReceiptResponse(string ReceiptId, string ReceiptPage, JsonElement Kantara, JsonElement Iso27560);

public static class AppealsApi
{
    public static void MapAppealsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/appeals", Submit).Writes()
            .WithTags("Appeals")
            .WithName("SubmitAppeal")
            .WithSummary("Submits an appeal with the person's consent; answers with the consent receipt")
            .WithDescription("The same rules as the website's form. A policy version or hash other than the current one is refused (409, code policy-stale) with the current version, so the app shows it again.")
            .Produces<ReceiptResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/receipts/{id}", Receipt)
            .WithTags("Appeals")
            .WithName("GetReceipt")
            .WithSummary("A consent receipt by its unguessable id, in one language, with where each consent stands now")
            .Produces<ReceiptResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> Submit(AppealRequest request, HttpContext http, PolicyCatalog catalog, SubmitAppealHandler handler,
        ConsentWording wording, IValidator<AppealForm> validator, ClientBudgets budgets, ReceiptQuery receipts, PublicLinks links,
        LinkGenerator routes, IStringLocalizer<SharedResource> t, CancellationToken cancellationToken)
    {
        var form = new AppealForm
        {
            LastName = request.LastName,
            FirstName = request.FirstName,
            Patronymic = request.Patronymic,
            Email = request.Email,
            Phone = request.Phone,
            PreferredChannel = Choice<ContactChannel>(request.PreferredChannel),
            Topic = Choice<AppealTopic>(request.Topic),
            Message = request.Message,
            ConsentToProcessing = request.ConsentToProcessing,
            ConsentToMarketing = request.ConsentToMarketing,
            PolicyVersion = request.PolicyVersion,
        };
        var failures = (await validator.ValidateAsync(form, cancellationToken)).Errors;
        if (!SiteLanguages.IsSupported(request.Language))
        {
            failures.Add(new(nameof(AppealRequest.Language), t["Api_LanguageRequired"]));
        }

        if (failures.Count > 0)
        {
            return ApiProblems.Validation(t, failures);
        }

        var language = request.Language!;
        var policy = await catalog.CurrentAsync(cancellationToken);
        var text = policy.TextIn(language);
        if (request.PolicyVersion != policy.Number || !string.Equals(request.PolicySha256, text.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            // Consent must be to the text actually shown: a version published meanwhile, or a text the app altered, is refused.
            return ApiProblems.Problem(t, StatusCodes.Status409Conflict, "policy-stale", "Api_ProblemPolicyStale",
                t["Validation_PolicyChanged", policy.Number],
                new Dictionary<string, object?> { ["currentVersion"] = policy.Number, ["currentSha256"] = text.Sha256 });
        }

        if (!budgets.HasRoom(RateLimits.Appeal, http))
        {
            RateLimits.SetRetryAfter(http.Response);
            return ApiProblems.Problem(t, StatusCodes.Status429TooManyRequests, "rate-limited", "Api_Problem429");
        }

        PhoneNumberNormalizer.TryNormalize(form.Phone, out var phone);
        var receipt = await handler.HandleAsync(new SubmitAppeal(
                ContactRules.ToPersonName(form.LastName!, form.FirstName!, form.Patronymic),
                EmailAddressNormalizer.Normalize(form.Email!),
                phone,
                form.PreferredChannel!.Value,
                form.Topic!.Value,
                form.Message!.Trim(),
                form.ConsentToMarketing,
                language,
                wording.Processing(language, policy),
                wording.Marketing(language),
                GlobalPrivacyControl: false,
                Channel: ConsentChannel.MobileApp,
                AppVersion: AppVersionFilter.Of(http)),
            policy,
            cancellationToken);
        budgets.Take(RateLimits.Appeal, http);

        var body = await ReceiptBodyAsync(receipt.Id, language, receipts, links, t, cancellationToken);
        return TypedResults.Created(routes.GetPathByName("GetReceipt", new { id = receipt.Id, language }), body);
    }

    /// <summary>Only a defined name: "1" or "Bogus" is no choice, and the validator says so.</summary>
    private static T? Choice<T>(string? name) where T : struct, Enum =>
        name is not null && Enum.GetNames<T>().Contains(name, StringComparer.Ordinal) ? Enum.Parse<T>(name) : null;

    private static async Task<IResult> Receipt(string id, string? language, HttpContext http, ReceiptQuery receipts, PublicLinks links,
        IStringLocalizer<SharedResource> t, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        var body = await ReceiptBodyAsync(id, SiteLanguages.IsSupported(language) ? language! : SiteLanguages.Default, receipts, links, t, cancellationToken);
        return body is null
            ? ApiProblems.Problem(t, StatusCodes.Status404NotFound, "receipt-not-found", "Api_ProblemReceiptNotFound")
            : TypedResults.Ok(body);
    }

    private static async Task<ReceiptResponse?> ReceiptBodyAsync(string id, string language, ReceiptQuery receipts, PublicLinks links,
        IStringLocalizer t, CancellationToken cancellationToken)
    {
        var model = await receipts.LoadAsync(id, language, cancellationToken);
        if (model is null)
        {
            return null;
        }

        using var scope = new CultureScope(language);
        return new ReceiptResponse(
            id,
            links.Action("Show", "Receipts", new { culture = language, id }),
            JsonSerializer.SerializeToElement(KantaraReceipt.From(model, language, links, t), ReceiptsController.KantaraJson),
            JsonSerializer.SerializeToElement(Iso27560Record.From(model, language, links, t), ReceiptsController.IsoJson));
    }
}
