using Microsoft.Extensions.Configuration;
using PersonalDataPolicy.Cshi;
using PersonalDataPolicy.Web.Features.Cshi;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// Issue 16, part 3: the figures the site ships (appsettings.json) at the boundaries of every configured year and category:
/// the fixed bases, no income, an income at the cap, a tiyn above it. The expected amounts are written out by hand from
/// the sources in docs/cshi-calculator.md (e.g. the fund's "at most 25,500 ₸" for an employer in 2025), not recomputed.
/// </summary>
public sealed class CshiCalculatorTests
{
    /// <summary>year, category, income (null: a fixed base), expected base, expected amount, capped.</summary>
    public static TheoryData<int, CshiCategory, decimal?, decimal, decimal, bool> Boundaries => new()
    {
        // 2025: МЗП 85,000 ₸; employers and employees capped at 10 × МЗП = 850,000 ₸.
        { 2025, CshiCategory.Employer, 0m, 0m, 0m, false },
        { 2025, CshiCategory.Employer, 300_000m, 300_000m, 9_000m, false },
        { 2025, CshiCategory.Employer, 850_000m, 850_000m, 25_500m, false },
        { 2025, CshiCategory.Employer, 850_000.01m, 850_000m, 25_500m, true },
        { 2025, CshiCategory.Employee, 0m, 0m, 0m, false },
        { 2025, CshiCategory.Employee, 300_000m, 300_000m, 6_000m, false },
        { 2025, CshiCategory.Employee, 850_000m, 850_000m, 17_000m, false },
        { 2025, CshiCategory.Employee, 1_000_000m, 850_000m, 17_000m, true },
        { 2025, CshiCategory.CivilContract, 0m, 0m, 0m, false },
        { 2025, CshiCategory.CivilContract, 850_000m, 850_000m, 17_000m, false },
        { 2025, CshiCategory.CivilContract, 850_000.01m, 850_000m, 17_000m, true },
        { 2025, CshiCategory.IndividualEntrepreneur, null, 119_000m, 5_950m, false },
        { 2025, CshiCategory.SelfPayer, null, 85_000m, 4_250m, false },

        // 2026: МЗП 85,000 ₸; employers capped at 40 × МЗП = 3,400,000 ₸, employees at 20 × МЗП = 1,700,000 ₸.
        { 2026, CshiCategory.Employer, 0m, 0m, 0m, false },
        { 2026, CshiCategory.Employer, 850_000.01m, 850_000.01m, 25_500m, false },
        { 2026, CshiCategory.Employer, 3_400_000m, 3_400_000m, 102_000m, false },
        { 2026, CshiCategory.Employer, 3_400_000.01m, 3_400_000m, 102_000m, true },
        { 2026, CshiCategory.Employee, 0m, 0m, 0m, false },
        { 2026, CshiCategory.Employee, 300_000m, 300_000m, 6_000m, false },
        { 2026, CshiCategory.Employee, 1_700_000m, 1_700_000m, 34_000m, false },
        { 2026, CshiCategory.Employee, 1_700_000.01m, 1_700_000m, 34_000m, true },
        { 2026, CshiCategory.IndividualEntrepreneur, null, 119_000m, 5_950m, false },
        { 2026, CshiCategory.SelfPayer, null, 85_000m, 4_250m, false },
        { 2026, CshiCategory.PlatformSelfEmployed, 0m, 0m, 0m, false },
        { 2026, CshiCategory.PlatformSelfEmployed, 150_000m, 150_000m, 1_500m, false },
        { 2026, CshiCategory.PlatformSelfEmployed, 1_700_000m, 1_700_000m, 17_000m, false },
        { 2026, CshiCategory.PlatformSelfEmployed, 5_000_000m, 1_700_000m, 17_000m, true },
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void The_shipped_figures_give_the_sourced_amount_at_each_boundary(int year, CshiCategory category, decimal? income, decimal expectedBase, decimal expectedAmount, bool capped)
    {
        var calculation = CshiCalculator.Calculate(Shipped().Years[year].ToYear(year), category, income);

        Assert.Equal(expectedBase, calculation.Base);
        Assert.Equal(expectedAmount, calculation.Amount);
        Assert.Equal(capped, calculation.Capped);
    }

    [Fact]
    public void Every_shipped_year_and_category_has_its_boundaries_tested_and_the_configuration_is_valid()
    {
        var shipped = Shipped();
        var configured = shipped.Years.SelectMany(y => y.Value.Rates.Keys.Select(c => (y.Key, c))).Order().ToList();
        var tested = Boundaries.Select(row => ((int)row[0], (CshiCategory)row[1])).Distinct().Order().ToList();

        Assert.Null(shipped.Problem());
        Assert.Equal(configured, tested);
        Assert.Contains(2025, shipped.Years.Keys);
        Assert.Contains(2026, shipped.Years.Keys);
    }

    [Fact]
    public void The_amount_is_rounded_half_away_from_zero_to_the_tiyn()
    {
        var year = new CshiYear(2026, 85_000m, new Dictionary<CshiCategory, CshiRate> { [CshiCategory.Employee] = new(2m, CshiBase.Income, CapMinimumWages: 20m) });

        Assert.Equal(0.01m, CshiCalculator.Calculate(year, CshiCategory.Employee, 0.25m).Amount);
        Assert.Equal(0m, CshiCalculator.Calculate(year, CshiCategory.Employee, 0.24m).Amount);
        Assert.Equal(6_000.01m, CshiCalculator.Calculate(year, CshiCategory.Employee, 300_000.25m).Amount);
    }

    [Theory]
    [InlineData("300000", 300_000)]
    [InlineData("300 000", 300_000)]
    [InlineData("300\u00A0000,50", 300_000.50)]
    [InlineData("300,000.50", 300_000.50)]
    [InlineData("300,000", 300_000)]
    [InlineData("300000,5", 300_000.5)]
    [InlineData("300000.5", 300_000.5)]
    [InlineData(" 1 700 000 ₸ ", 1_700_000)]
    [InlineData("0", 0)]
    public void An_income_is_read_as_people_type_it_in_kk_ru_and_en(string typed, double expected)
    {
        Assert.Null(CshiIncome.TryParse(typed, out var income));
        Assert.Equal((decimal)expected, income);
    }

    [Theory]
    [InlineData(null, CshiIncomeError.Missing)]
    [InlineData("  ", CshiIncomeError.Missing)]
    [InlineData("three hundred", CshiIncomeError.NotANumber)]
    [InlineData("300к", CshiIncomeError.NotANumber)]
    [InlineData("1e6", CshiIncomeError.NotANumber)]
    [InlineData("1.2.3", CshiIncomeError.NotANumber)]
    [InlineData("-1", CshiIncomeError.Negative)]
    [InlineData("-300 000", CshiIncomeError.Negative)]
    [InlineData("1000000000000.01", CshiIncomeError.TooLarge)]
    [InlineData("99999999999999999999999999999999", CshiIncomeError.NotANumber)]
    public void A_bad_income_is_refused_with_its_reason(string? typed, CshiIncomeError expected)
    {
        Assert.Equal(expected, CshiIncome.TryParse(typed, out _));
    }

    [Fact]
    public void A_year_without_a_source_for_a_figure_is_refused_at_start()
    {
        var options = Shipped();
        options.Years[2026].Rates[CshiCategory.Employee].Sources.Clear();
        Assert.Equal("Cshi:Years:2026:Rates:Employee:Sources needs at least one source.", options.Problem());

        options = Shipped();
        options.Years[2025].Rates[CshiCategory.IndividualEntrepreneur].Multiple = null;
        Assert.Contains("Multiple", options.Problem(), StringComparison.Ordinal);

        options = Shipped();
        options.Sources[options.Years[2025].MinimumWageSources[0]].Url = "http://example.com";
        Assert.Contains("https", options.Problem(), StringComparison.Ordinal);

        options = Shipped();
        options.Years[2026].MinimumWageSources.Add("made-up");
        Assert.Equal("Cshi:Years:2026:MinimumWageSources:1 names \"made-up\", which is not under Cshi:Sources.", options.Problem());
    }

    /// <summary>The Cshi section exactly as the site reads it from its appsettings.json.</summary>
    private static CshiOptions Shipped()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Repository.PathOf("src", "PersonalDataPolicy.Web", "appsettings.json")).Build();
        return configuration.GetSection(CshiOptions.SectionName).Get<CshiOptions>()!;
    }
}
