using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using PersonalDataPolicy.Web.Infrastructure;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Policies;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Web.Features.Mail;
using PersonalDataPolicy.Web.Features.Requests;
using PersonalDataPolicy.Web.Features.Shared;

namespace PersonalDataPolicy.Web.Features.Policy;

/// <summary>Questions people ask about their data, answered with the policy's own marked subjects and the configured terms.</summary>
[OutputCache(PolicyName = PublicPageCache.PolicyName)]
[Route("{culture:culture}/policy/faq")]
public sealed class FaqController(PolicyCatalog catalog, IOptions<MailOptions> mail, IOptions<RequestOptions> requests) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var current = await catalog.CurrentAsync(cancellationToken);
        return View("Faq", new FaqViewModel(current.TextIn(SitePage.Culture).MarkedSubjects, mail.Value.RequestsAddress, requests.Value.Deadlines,
            requests.Value.DestroyAfterWithdrawalWorkingDays));
    }
}

public sealed record FaqViewModel(MarkedEmailSubjects Subjects, string RequestsAddress, IReadOnlyDictionary<RequestType, DeadlineTerm> Deadlines, int DestroyAfterWorkingDays)
{
    public int Days(RequestType type) => Deadlines.TryGetValue(type, out var term) ? term.Days : 0;
}
