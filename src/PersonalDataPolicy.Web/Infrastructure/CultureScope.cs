using System.Globalization;

namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>Runs a block in another site language (a mail in the subject's language, not the request's).</summary>
public sealed class CultureScope : IDisposable
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    public CultureScope(string language)
    {
        var culture = CultureInfo.GetCultureInfo(SiteLanguages.IsSupported(language) ? language : SiteLanguages.Default);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }
}
