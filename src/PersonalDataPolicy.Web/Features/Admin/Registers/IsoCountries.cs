using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using ICU4N.Globalization;

namespace PersonalDataPolicy.Web.Features.Admin.Registers;

/// <summary>
/// ISO 3166-1 alpha-2 codes from ICU (the ICU4N package the site already uses for plural rules): its list holds the
/// 249 officially assigned codes, Western Sahara (EH) included, and nothing user-assigned (ZZ, XK, EU). .NET's
/// RegionInfo was not used: it rejects EH and accepts XK. Names come from ICU too, in the staff member's language.
/// </summary>
public static class IsoCountries
{
    private static readonly FrozenSet<string> Codes = UCultureInfo.GetISOCountries().ToFrozenSet(StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<string, IReadOnlyList<(string Code, string Name)>> Named = new();

    public static int Count => Codes.Count;

    /// <summary>Whether the code (any case, trimmed) is an assigned ISO 3166-1 alpha-2 code.</summary>
    public static bool IsAssigned(string? code) => code is not null && Codes.Contains(Normalize(code));

    public static string Normalize(string code) => code.Trim().ToUpperInvariant();

    /// <summary>Every country but Kazakhstan (a transfer there is not cross-border), named and sorted in <paramref name="culture"/>.</summary>
    public static IReadOnlyList<(string Code, string Name)> Abroad(CultureInfo culture) => Named.GetOrAdd(culture.TwoLetterISOLanguageName, language =>
    {
        var ui = new UCultureInfo(language);
        var comparer = StringComparer.Create(culture, ignoreCase: true);
        return [.. Codes.Where(c => c != "KZ").Select(c => (c, new UCultureInfo("und_" + c).GetDisplayCountry(ui))).OrderBy(c => c.Item2, comparer)];
    });
}
