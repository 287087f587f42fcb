using PersonalDataPolicy.Cshi;
using PersonalDataPolicy.Web.Features.Operator;

namespace PersonalDataPolicy.Web.Features.Cshi;

/// <summary>
/// Section "Cshi": the CSHI figures of each year, every one with the public source it was taken from (issue 16, part 3).
/// A year or category no public source gives is left out, never guessed (docs/cshi-calculator.md lists what was not found).
/// Each source is written once under <see cref="Sources"/> and cited by its key, since one article often backs several figures.
/// </summary>
public sealed class CshiOptions
{
    public const string SectionName = "Cshi";

    public Dictionary<string, CshiSource> Sources { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<int, CshiYearOptions> Years { get; set; } = [];

    /// <summary>The first thing wrong with the section, or null: checked at start, so a bad figure stops the site booting.</summary>
    public string? Problem()
    {
        if (Years.Count == 0)
        {
            return "Cshi:Years needs at least one year.";
        }

        if (Sources.Select(s => s.Value.Problem($"Cshi:Sources:{s.Key}")).FirstOrDefault(p => p is not null) is { } badSource)
        {
            return badSource;
        }

        foreach (var (year, figures) in Years)
        {
            var key = $"Cshi:Years:{year}";
            var problem = (year is < 2017 or > 2100 ? $"{key} is not a year of the CSHI system." : null)
                ?? (figures.MinimumWage <= 0 ? $"{key}:MinimumWage must be above zero." : null)
                ?? CshiSource.Unknown(figures.MinimumWageSources, Sources, $"{key}:MinimumWageSources")
                ?? (figures.Rates.Count == 0 ? $"{key}:Rates needs at least one category." : null)
                ?? figures.Rates.Select(r => r.Value.Problem($"{key}:Rates:{r.Key}", Sources)).FirstOrDefault(p => p is not null);
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }
}

public sealed class CshiYearOptions
{
    /// <summary>The minimum monthly wage (МЗП) in tenge, set by the year's republican budget law.</summary>
    public decimal MinimumWage { get; set; }

    /// <summary>Keys of <see cref="CshiOptions.Sources"/>.</summary>
    public List<string> MinimumWageSources { get; set; } = [];

    public Dictionary<CshiCategory, CshiRateOptions> Rates { get; set; } = [];

    public CshiYear ToYear(int year) =>
        new(year, MinimumWage, Rates.ToDictionary(r => r.Key, r => new CshiRate(r.Value.Percent, r.Value.Base, r.Value.Multiple, r.Value.CapMinimumWages)));
}

public sealed class CshiRateOptions
{
    public decimal Percent { get; set; }

    public CshiBase Base { get; set; }

    /// <summary>For a rate of a fixed base: how many minimum wages (1.4 for an entrepreneur).</summary>
    public decimal? Multiple { get; set; }

    /// <summary>For a rate of the income: the cap on the base, in minimum wages; none where the sources give none.</summary>
    public decimal? CapMinimumWages { get; set; }

    /// <summary>Keys of <see cref="CshiOptions.Sources"/>.</summary>
    public List<string> Sources { get; set; } = [];

    public string? Problem(string key, IReadOnlyDictionary<string, CshiSource> catalog) =>
        (Percent is <= 0 or > 100 ? $"{key}:Percent must be above 0 and at most 100." : null)
        ?? (Base == CshiBase.MinimumWages && Multiple is not > 0 ? $"{key}:Multiple (of the minimum wage) is required for a fixed base." : null)
        ?? (Base == CshiBase.Income && Multiple is not null ? $"{key}:Multiple is for a fixed base only." : null)
        ?? (Base == CshiBase.MinimumWages && CapMinimumWages is not null ? $"{key}:CapMinimumWages is for an income base only." : null)
        ?? (CapMinimumWages is <= 0 ? $"{key}:CapMinimumWages must be above zero." : null)
        ?? CshiSource.Unknown(Sources, catalog, $"{key}:Sources");
}

/// <summary>Where a figure comes from, as the page cites it in each language, with the address it was read at.</summary>
public sealed class CshiSource
{
    public InEachLanguage Text { get; set; } = new();

    public string? Url { get; set; }

    public string? Problem(string key) =>
        Text.Missing($"{key}:Text")
        ?? (Uri.TryCreate(Url, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps ? null : $"{key}:Url must be an https address.");

    /// <summary>A figure must cite at least one source, and only sources the catalog has.</summary>
    public static string? Unknown(List<string> keys, IReadOnlyDictionary<string, CshiSource> catalog, string key) =>
        keys.Count == 0 ? $"{key} needs at least one source."
        : keys.Select((k, i) => catalog.ContainsKey(k) ? null : $"{key}:{i} names \"{k}\", which is not under Cshi:Sources.").FirstOrDefault(p => p is not null);
}
