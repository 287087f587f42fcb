using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using PersonalDataPolicy.Web.Infrastructure;
using PersonalDataPolicy.Web.Features.Policy;

namespace PersonalDataPolicy.Web.Features.Search;

/// <summary>The empty search page is cached like the other public pages; a query (in the query string) never is.</summary>
[OutputCache(PolicyName = PublicPageCache.PolicyName)]
[Route("{culture:culture}/search")]
public sealed class SearchController(PolicyCatalog catalog) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, CancellationToken cancellationToken)
    {
        var typed = q is { Length: > SearchQuery.MaxLength } ? q[..SearchQuery.MaxLength] : q;
        var current = await catalog.CurrentAsync(cancellationToken);
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        var query = new SearchQuery(typed, language);
        var hits = PolicySearch.Find(current.TextIn(language), query);
        return View(new SearchViewModel(typed ?? string.Empty, query, hits));
    }
}

public sealed record SearchViewModel(string Typed, SearchQuery Query, IReadOnlyList<PolicySearchHit> Hits);
