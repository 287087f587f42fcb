using Microsoft.Extensions.Localization;
using PersonalDataPolicy.Cshi;
using PersonalDataPolicy.Web.Features.Cshi;

namespace PersonalDataPolicy.Web.Features.Api;

/// <summary>
/// The website's CSHI calculation for the app (issue 16, part 3). Texts (payer, formula, base, sources) are in the language
/// of Accept-Language; figures are plain JSON numbers in tenge. Nothing about the caller is asked for or kept.
/// </summary>
public sealed record CshiCalculationResponse(
    int Year,
    string Category,
    string Payer,
    decimal MinimumWage,
    decimal RatePercent,
    string BaseKind,
    decimal? BaseMultiple,
    decimal? CapMinimumWages,
    decimal? Cap,
    decimal? Income,
    decimal Base,
    bool Capped,
    decimal Amount,
    string Formula,
    string BaseExplanation,
    string Rounding,
    IReadOnlyList<CshiCitation> Sources,
    IReadOnlyList<CshiCitation> MinimumWageSources);

public static class CshiApi
{
    /// <summary>The figures change only with a deploy; an hour keeps the app quick and the answers fresh enough.</summary>
    private const string Caching = "public, max-age=3600";

    public static void MapCshiApi(this RouteGroupBuilder api)
    {
        api.MapGet("/cshi/calculation", Calculate)
            .WithTags("CSHI calculator")
            .WithName("CalculateCshi")
            .WithSummary("A month's CSHI (ОСМС / МӘМС) payment for a year, a payer category and, where it matters, an income")
            .WithDescription("category: employer, employee, civil-contract, individual-entrepreneur, self-payer, platform-self-employed. " +
                "income (tenge a month, e.g. 300000 or 300000.50) is required for employer, employee, civil-contract and platform-self-employed " +
                "and ignored otherwise. A year or category whose rate no public source gives is refused (400), never guessed.")
            .Produces<CshiCalculationResponse>(contentType: "application/json")
            .ProducesValidationProblem();
    }

    private static IResult Calculate(string? year, string? category, string? income, HttpContext http, CshiSchedule schedule, IStringLocalizer<SharedResource> t)
    {
        var (calculation, errors) = schedule.Read(year, category, income);
        if (calculation is null)
        {
            return ApiProblems.Validation(t, errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => t[e.MessageKey].Value).ToArray()));
        }

        var figures = schedule.Figures(calculation.Year);
        var explained = CshiText.Explain(calculation, figures, schedule.Sources, t);
        http.Response.Headers.CacheControl = Caching;
        http.Response.Headers.Vary = "Accept-Language";
        var rate = calculation.Rate;
        return TypedResults.Ok(new CshiCalculationResponse(calculation.Year, calculation.Category.Slug(), explained.Payer, calculation.MinimumWage,
            rate.Percent, rate.Base == CshiBase.Income ? "income" : "minimum-wages", rate.Multiple, rate.CapMinimumWages, calculation.Cap,
            calculation.Income, calculation.Base, calculation.Capped, calculation.Amount, explained.Formula, explained.Base, t["Cshi_RoundingText"],
            explained.RateSources, explained.MinimumWageSources));
    }
}
