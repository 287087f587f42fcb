using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Localization;
using PersonalDataPolicy.Cshi;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Cshi;

/// <summary>
/// Issue 16, part 3: the public CSHI calculator. A GET form, so it works without script and keeps nothing: the answer is
/// computed from the query and forgotten. The empty page is cached like the other public pages; an answer (a query
/// string) never is.
/// </summary>
[OutputCache(PolicyName = PublicPageCache.PolicyName)]
[Route("{culture:culture}/cshi-calculator")]
public sealed class CshiController(CshiSchedule schedule, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public IActionResult Index(string? year, string? category, string? income)
    {
        var asked = Request.Query.ContainsKey(CshiSchedule.YearField) || Request.Query.ContainsKey(CshiSchedule.CategoryField)
            || Request.Query.ContainsKey(CshiSchedule.IncomeField);
        if (!asked)
        {
            return View(CshiPage.Empty(schedule));
        }

        var (calculation, errors) = schedule.Read(year, category, income);
        var shownYear = int.TryParse(year, out var y) && schedule.Years.Contains(y) ? y : schedule.Years[0];
        var figures = schedule.Figures(shownYear);
        var page = new CshiPage(schedule.Years, shownYear, figures, schedule.Sources, year ?? shownYear.ToString(System.Globalization.CultureInfo.InvariantCulture), category, income,
            errors.Select(e => (e.Field, t[e.MessageKey].Value)).ToList(),
            calculation, calculation is null ? null : CshiText.Explain(calculation, figures, schedule.Sources, t));
        if (errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return View(page);
    }
}

/// <summary>The page: the form as typed, its errors, the answer if there is one, and the chosen year's figures.</summary>
public sealed record CshiPage(
    IReadOnlyList<int> Years,
    int ShownYear,
    CshiYearOptions Figures,
    IReadOnlyDictionary<string, CshiSource> Sources,
    string Year,
    string? Category,
    string? Income,
    IReadOnlyList<(string FieldId, string Message)> Errors,
    CshiCalculation? Calculation,
    CshiExplained? Explained)
{
    public static CshiPage Empty(CshiSchedule schedule)
    {
        var year = schedule.Years[0];
        return new CshiPage(schedule.Years, year, schedule.Figures(year), schedule.Sources, year.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null, [], null, null);
    }

    public string? ErrorOf(string field) => Errors.FirstOrDefault(e => e.FieldId == field).Message;
}
