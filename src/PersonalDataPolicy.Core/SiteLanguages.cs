namespace PersonalDataPolicy;

/// <summary>The site's languages, as on the fund's site: Kazakh first, then Russian and English.</summary>
public static class SiteLanguages
{
    public const string Kazakh = "kk";
    public const string Russian = "ru";
    public const string English = "en";

    public static readonly IReadOnlyList<string> All = [Kazakh, Russian, English];

    public static string Default => Kazakh;

    public static bool IsSupported(string? code) => code is not null && All.Contains(code, StringComparer.Ordinal);
}
