using Microsoft.Extensions.Options;
using PersonalDataPolicy.Cshi;

namespace PersonalDataPolicy.Web.Features.Cshi;

/// <summary>The configured years, and the reading of a request (year, category, income as typed) into a calculation.</summary>
public sealed class CshiSchedule(IOptions<CshiOptions> options)
{
    public const string YearField = "year";
    public const string CategoryField = "category";
    public const string IncomeField = "income";

    private readonly CshiOptions _options = options.Value;

    /// <summary>Newest first: the year a visitor most likely wants is the first offered.</summary>
    public IReadOnlyList<int> Years => _options.Years.Keys.OrderDescending().ToList();

    public CshiYearOptions Figures(int year) => _options.Years[year];

    /// <summary>The cited sources by key (<see cref="CshiOptions.Sources"/>).</summary>
    public IReadOnlyDictionary<string, CshiSource> Sources => _options.Sources;

    /// <summary>
    /// The calculation, or the errors of each field (field name, resource key of the message). Only what the chosen
    /// category needs is read: an entrepreneur's payment does not depend on income, so no income is asked of them.
    /// </summary>
    public (CshiCalculation? Calculation, IReadOnlyList<(string Field, string MessageKey)> Errors) Read(string? year, string? category, string? income)
    {
        var errors = new List<(string, string)>();
        int? chosenYear = int.TryParse(year?.Trim(), out var y) && _options.Years.ContainsKey(y) ? y : null;
        if (chosenYear is null)
        {
            errors.Add((YearField, string.IsNullOrWhiteSpace(year) ? "Cshi_ErrorYearMissing" : "Cshi_ErrorYearUnknown"));
        }

        var chosenCategory = CshiCategories.FromSlug(category);
        if (chosenCategory is null)
        {
            errors.Add((CategoryField, string.IsNullOrWhiteSpace(category) ? "Cshi_ErrorCategoryMissing" : "Cshi_ErrorCategoryUnknown"));
        }

        if (chosenYear is not { } knownYear || chosenCategory is not { } knownCategory)
        {
            return (null, errors);
        }

        var figures = _options.Years[knownYear];
        if (!figures.Rates.TryGetValue(knownCategory, out var rate))
        {
            errors.Add((CategoryField, "Cshi_ErrorCategoryNotInYear"));
            return (null, errors);
        }

        decimal? amount = null;
        if (rate.Base == CshiBase.Income)
        {
            var problem = CshiIncome.TryParse(income, out var parsed);
            if (problem is { } refused)
            {
                errors.Add((IncomeField, $"Cshi_ErrorIncome{refused}"));
                return (null, errors);
            }

            amount = parsed;
        }

        return (CshiCalculator.Calculate(figures.ToYear(knownYear), knownCategory, amount), errors);
    }
}

public static class CshiSetup
{
    public static IServiceCollection AddCshiCalculator(this IServiceCollection services)
    {
        services.AddOptions<CshiOptions>().BindConfiguration(CshiOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CshiOptions>, CshiOptionsValidator>();
        services.AddSingleton<CshiSchedule>();
        return services;
    }
}

/// <summary>Names the wrong setting in the start-up failure (a bare "invalid" would send the operator hunting).</summary>
public sealed class CshiOptionsValidator : IValidateOptions<CshiOptions>
{
    public ValidateOptionsResult Validate(string? name, CshiOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem + " See docs/cshi-calculator.md.") : ValidateOptionsResult.Success;
}
