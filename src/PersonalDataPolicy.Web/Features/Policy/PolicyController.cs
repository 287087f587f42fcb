using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Policy;

[OutputCache(PolicyName = PublicPageCache.PolicyName)]
[Route("{culture:culture}/policy")]
public sealed class PolicyController(PolicyCatalog catalog) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var current = await catalog.CurrentAsync(cancellationToken);
        return View("Document", new PolicyDocumentViewModel(current, current.TextIn(Language), IsCurrent: true, CurrentNumber: current.Number));
    }

    [HttpGet("versions")]
    public async Task<IActionResult> Versions(CancellationToken cancellationToken)
    {
        var current = await catalog.CurrentAsync(cancellationToken);
        return View(new PolicyVersionsViewModel(await catalog.PublishedAsync(cancellationToken), current.Number));
    }

    [HttpGet("versions/{number:int}")]
    public async Task<IActionResult> Version(int number, CancellationToken cancellationToken)
    {
        var version = await catalog.ByNumberAsync(number, cancellationToken);
        if (version is null)
        {
            return NotFound();
        }

        var current = await catalog.CurrentAsync(cancellationToken);
        return View("Document", new PolicyDocumentViewModel(version, version.TextIn(Language), version.Number == current.Number, current.Number));
    }

    private static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
}
