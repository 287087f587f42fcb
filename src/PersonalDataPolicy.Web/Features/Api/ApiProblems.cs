using System.Text.Json;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Api;

/// <summary>
/// The API's errors: application/problem+json (RFC 9457) in the language of Accept-Language (kk, ru, en), each with a
/// stable <c>code</c> the app can act on, and field errors keyed by the JSON property names.
/// </summary>
public static class ApiProblems
{
    public const string CodeKey = "code";

    /// <summary>Gives every problem, including those of the framework (404, 405, 401, a bad body…), a title in the request's language.</summary>
    public static void Localize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey(CodeKey))
        {
            return;
        }

        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        // The error pipeline runs outside the request's culture scope: take the culture the request was given.
        var culture = context.HttpContext.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name ?? SiteLanguages.Default;
        using var scope = new CultureScope(culture);
        var t = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var key = status switch
        {
            400 when problem is HttpValidationProblemDetails => "Api_ProblemValidation",
            400 or 401 or 403 or 404 or 405 or 406 or 409 or 413 or 415 or 429 => $"Api_Problem{status}",
            _ => "Api_Problem500",
        };
        problem.Title = t[key];
        problem.Extensions[CodeKey] = status switch
        {
            400 when problem is HttpValidationProblemDetails => "validation",
            401 => "unauthorized",
            404 => "not-found",
            429 => "rate-limited",
            >= 500 => "server-error",
            _ => "bad-request",
        };
    }

    public static ProblemHttpResult Problem(IStringLocalizer t, int status, string code, string titleKey, string? detail = null,
        IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>()) { [CodeKey] = code };
        return TypedResults.Problem(detail, statusCode: status, title: t[titleKey], type: $"urn:qoldau:problem:{code}", extensions: all);
    }

    /// <summary>Field errors, keyed by the JSON names of the request's properties (lastName, email…).</summary>
    public static ValidationProblem Validation(IStringLocalizer t, IEnumerable<ValidationFailure> failures) =>
        Validation(t, failures
            .GroupBy(f => JsonNamingPolicy.CamelCase.ConvertName(f.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray()));

    public static ValidationProblem Validation(IStringLocalizer t, IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: t["Api_ProblemValidation"], type: "urn:qoldau:problem:validation",
            extensions: new Dictionary<string, object?> { [CodeKey] = "validation" });

    /// <summary>A problem written straight to the response, outside an endpoint (rate limiter, authentication).</summary>
    public static async Task WriteAsync(HttpContext context, int status, string code, string titleKey, string? detail = null)
    {
        var t = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = status,
                Title = t[titleKey],
                Detail = detail,
                Type = $"urn:qoldau:problem:{code}",
                Extensions = { [CodeKey] = code },
            },
        });
    }
}
