namespace PersonalDataPolicy.Cshi;

/// <summary>What a rate is taken of: the payer's income, or a fixed multiple of the year's minimum wage (МЗП).</summary>
public enum CshiBase
{
    Income,
    MinimumWages,
}

/// <summary>
/// One payer's rate in one year: <see cref="Percent"/> of the income (capped at <see cref="CapMinimumWages"/> × МЗП where
/// the law caps it), or of <see cref="Multiple"/> × МЗП.
/// </summary>
public sealed record CshiRate(decimal Percent, CshiBase Base, decimal? Multiple = null, decimal? CapMinimumWages = null);

/// <summary>The figures of one year: its minimum wage and the rate of each category the sources give for it.</summary>
public sealed record CshiYear(int Year, decimal MinimumWage, IReadOnlyDictionary<CshiCategory, CshiRate> Rates);

/// <summary>
/// A month's payment: <see cref="Amount"/> = <see cref="CshiRate.Percent"/> % × <see cref="Base"/>. For an income-based rate
/// the base is the income, or the cap (<see cref="Cap"/>) when the income is above it (<see cref="Capped"/>).
/// </summary>
public sealed record CshiCalculation(int Year, CshiCategory Category, CshiRate Rate, decimal MinimumWage, decimal? Income, decimal Base, decimal? Cap, bool Capped, decimal Amount);

public static class CshiCalculator
{
    /// <summary>
    /// The monthly amount, rounded half away from zero to the tiyn (two decimals): no public source we found says how the
    /// fund rounds, so nothing is rounded further (docs/cshi-calculator.md).
    /// </summary>
    public static CshiCalculation Calculate(CshiYear year, CshiCategory category, decimal? income)
    {
        if (!year.Rates.TryGetValue(category, out var rate))
        {
            throw new ArgumentException($"No {category} rate for {year.Year}.", nameof(category));
        }

        decimal @base;
        decimal? cap = null;
        var capped = false;
        if (rate.Base == CshiBase.Income)
        {
            if (income is not { } value || value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(income), "An income-based rate needs an income of zero or more.");
            }

            cap = rate.CapMinimumWages * year.MinimumWage;
            capped = value > cap;
            @base = capped ? cap!.Value : value;
        }
        else
        {
            @base = rate.Multiple!.Value * year.MinimumWage;
            income = null;
        }

        var amount = decimal.Round(rate.Percent * @base / 100m, 2, MidpointRounding.AwayFromZero);
        return new CshiCalculation(year.Year, category, rate, year.MinimumWage, income, @base, cap, capped, amount);
    }
}
