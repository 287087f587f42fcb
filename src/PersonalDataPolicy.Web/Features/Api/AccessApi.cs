using System.Globalization;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.MobileApp;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.MyData;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Api;

public sealed class CodeRequest : IApiRequestBody
{
    public string? Email { get; init; }
}

/// <summary>Always the same: whether a code was sent is told only to the mailbox.</summary>
public sealed record CodeRequested(int CodeLifetimeSeconds, int Digits);

public sealed class TokenRequest : IApiRequestBody
{
    public string? Email { get; init; }
    public string? Code { get; init; }
}

public sealed record AccessToken(string Token, string TokenType, DateTimeOffset ExpiresAt);

/// <summary>
/// Proving the address, as the website's "my data" link does: the app asks for a code for an address; the person types
/// the code from the mail; the app gets a short bearer token for the person's rights.
/// </summary>
public static class AccessApi
{
    public static void MapAccessApi(this RouteGroupBuilder api)
    {
        var access = api.MapGroup("/access").WithTags("Access");
        access.MapPost("/code", RequestCode).Writes()
            .WithName("RequestAccessCode")
            .WithSummary("Mails a one-time sign-in code to the address, if it is on record")
            .WithDescription("The answer is the same whether or not the address is known; the code is valid for a few minutes and a few tries.")
            .Produces<CodeRequested>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        access.MapPost("/token", VerifyCode).Writes()
            .WithName("VerifyAccessCode")
            .WithSummary("Exchanges the mailed code for a short-lived bearer token")
            .Produces<AccessToken>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        access.MapPost("/sign-out", SignOut).Writes()
            .RequireAuthorization(AppSession.Policy)
            .WithName("SignOut")
            .WithSummary("Ends the session: the token stops working at once")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    private static async Task<IResult> RequestCode(CodeRequest request, HttpContext http, IValidator<AccessLinkForm> validator, PendingAccessCodes queue,
        ClientBudgets budgets, IOptions<ApiOptions> options, IStringLocalizer<SharedResource> t, CancellationToken cancellationToken)
    {
        var result = await validator.ValidateAsync(new AccessLinkForm { Email = request.Email }, cancellationToken);
        if (!result.IsValid)
        {
            return ApiProblems.Validation(t, result.Errors);
        }

        // The website's budget for mailing an address typed in, shared with its "my data" form.
        if (!budgets.HasRoom(RateLimits.MyDataLink, http))
        {
            RateLimits.SetRetryAfter(http.Response);
            return ApiProblems.Problem(t, StatusCodes.Status429TooManyRequests, "rate-limited", "Api_Problem429");
        }

        budgets.Take(RateLimits.MyDataLink, http);
        queue.Enqueue(EmailAddressNormalizer.Normalize(request.Email!), CultureInfo.CurrentUICulture.Name);
        return TypedResults.Accepted((string?)null, new CodeRequested((int)options.Value.CodeLifetime.TotalSeconds, AppAccessCode.Digits));
    }

    private static async Task<IResult> VerifyCode(TokenRequest request, IValidator<AccessLinkForm> validator, VerifyAccessCodeHandler handler,
        IStringLocalizer<SharedResource> t, CancellationToken cancellationToken)
    {
        var result = await validator.ValidateAsync(new AccessLinkForm { Email = request.Email }, cancellationToken);
        var code = request.Code?.Trim() ?? string.Empty;
        if (!result.IsValid || code.Length != AppAccessCode.Digits || !code.All(char.IsAsciiDigit))
        {
            var errors = result.Errors.GroupBy(f => "email").ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).ToArray());
            if (code.Length != AppAccessCode.Digits || !code.All(char.IsAsciiDigit))
            {
                errors["code"] = [t["Api_CodeFormat", AppAccessCode.Digits]];
            }

            return ApiProblems.Validation(t, errors);
        }

        var token = await handler.HandleAsync(EmailAddressNormalizer.Normalize(request.Email!), code, cancellationToken);
        return token is var (value, expiresAt)
            ? TypedResults.Ok(new AccessToken(value, "Bearer", expiresAt))
            : ApiProblems.Validation(t, new Dictionary<string, string[]> { ["code"] = [t["Api_CodeRefused"]] });
    }

    private static async Task<IResult> SignOut(HttpContext http, AppDbContext db, CancellationToken cancellationToken)
    {
        var session = AppSession.SessionId(http.User);
        await db.AppAccessCodes.Where(c => c.Id == session).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
