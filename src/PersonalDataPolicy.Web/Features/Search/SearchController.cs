using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using PersonalDataPolicy.Web.Features.Policy;

namespace PersonalDataPolicy.Web.Features.Search;

[Route("{culture:culture}/search")]
public sealed class SearchController(PolicyCatalog catalog) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, CancellationToken cancellationToken)
    {
        var query = q is { Length: > PolicySearch.MaxQueryLength } ? q[..PolicySearch.MaxQueryLength] : q;
        var current = await catalog.CurrentAsync(cancellationToken);
        var culture = CultureInfo.CurrentUICulture;
        var terms = PolicySearch.Terms(query, culture);
        var hits = PolicySearch.Find(current.TextIn(culture.TwoLetterISOLanguageName), terms, culture);
        return View(new SearchViewModel(query ?? string.Empty, terms, hits));
    }
}

public sealed record SearchViewModel(string Query, IReadOnlyList<string> Terms, IReadOnlyList<PolicySearchHit> Hits);
