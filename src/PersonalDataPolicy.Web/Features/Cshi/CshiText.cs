using System.Globalization;
using Microsoft.Extensions.Localization;
using PersonalDataPolicy.Cshi;

namespace PersonalDataPolicy.Web.Features.Cshi;

/// <summary>A cited source in the reader's language.</summary>
public sealed record CshiCitation(string Text, string Url);

/// <summary>A calculation as the page and the API put it in words: the formula, how the base was found, and the sources.</summary>
public sealed record CshiExplained(string Payer, string Formula, string Base, IReadOnlyList<CshiCitation> RateSources, IReadOnlyList<CshiCitation> MinimumWageSources);

/// <summary>
/// Figures in the culture of the request: "6 000,00 ₸" in kk and ru (no-break space between thousands, decimal comma),
/// "6,000.00 ₸" in en. The tenge sign and the percent sign are kept to their number with a no-break space.
/// </summary>
public static class CshiText
{
    private const string NoBreak = "\u00A0";

    public static string Money(decimal value) => value.ToString("N2", CultureInfo.CurrentCulture) + NoBreak + "₸";

    public static string WholeMoney(decimal value) => value.ToString("N0", CultureInfo.CurrentCulture) + NoBreak + "₸";

    public static string Number(decimal value) => value.ToString("#,0.##", CultureInfo.CurrentCulture);

    public static string Percent(decimal value) => Number(value) + NoBreak + "%";

    public static string CategoryKey(CshiCategory category) => $"Cshi_Category_{category}";

    public static CshiExplained Explain(CshiCalculation calculation, CshiYearOptions figures, IReadOnlyDictionary<string, CshiSource> sources, IStringLocalizer t)
    {
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        var rate = calculation.Rate;
        var mzp = t["Cshi_MinimumWageShort"].Value;
        string formula;
        string @base;
        if (rate.Base == CshiBase.Income)
        {
            formula = $"{Percent(rate.Percent)} × {Money(calculation.Base)} = {Money(calculation.Amount)}";
            @base = calculation switch
            {
                { Capped: true } => t["Cshi_BaseCapped", Money(calculation.Income!.Value), Number(rate.CapMinimumWages!.Value), mzp, Money(calculation.Cap!.Value)],
                { Cap: { } cap } => t["Cshi_BaseIncomeUnderCap", Money(calculation.Income!.Value), Number(rate.CapMinimumWages!.Value), mzp, Money(cap)],
                _ => t["Cshi_BaseIncomeNoCap", Money(calculation.Income!.Value)],
            };
        }
        else
        {
            formula = $"{Percent(rate.Percent)} × {Number(rate.Multiple!.Value)} × {WholeMoney(calculation.MinimumWage)} = {Money(calculation.Amount)}";
            @base = t["Cshi_BaseFixed", Number(rate.Multiple!.Value), mzp, WholeMoney(calculation.MinimumWage), Money(calculation.Base)];
        }

        return new CshiExplained(t[CategoryKey(calculation.Category)], formula, @base,
            Cite(figures.Rates[calculation.Category].Sources, sources, language), Cite(figures.MinimumWageSources, sources, language));
    }

    public static IReadOnlyList<CshiCitation> Cite(IEnumerable<string> keys, IReadOnlyDictionary<string, CshiSource> sources, string language) =>
        keys.Select(key => sources[key]).Select(s => new CshiCitation(s.Text.In(language), s.Url!)).ToList();
}
