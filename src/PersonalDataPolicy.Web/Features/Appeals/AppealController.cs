using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using PersonalDataPolicy.Policies;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Consents;
using PersonalDataPolicy.Web.Features.Policy;
using PersonalDataPolicy.Web.Features.Shared;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Appeals;

[Route("{culture:culture}/appeal")]
public sealed class AppealController(PolicyCatalog catalog, ConsentWording wording, EmptyFormPages emptyForms, IStringLocalizer<SharedResource> t) : Controller
{
    /// <summary>
    /// Issue 13: the empty form is kept per variant of the page (<see cref="EmptyFormPages"/>) and, once kept, answered
    /// before MVC; a path or query it is not linked by renders it for this request alone, so nobody can fill the memory
    /// with variants.
    /// </summary>
    [HttpGet("")]
    [KeepsEmptyForm]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var policy = await catalog.CurrentAsync(cancellationToken);
        var form = new AppealForm { PolicyVersion = policy.Number };
        var linked = Url.Action(nameof(Index), new { culture = SitePage.Culture });
        if (Request.QueryString.HasValue || !string.Equals(linked, Request.PathBase + Request.Path, StringComparison.Ordinal))
        {
            return View(ViewModel(form, policy, emptyForms.StampsFor(HttpContext)));
        }

        return emptyForms.Page(policy, (context, slots) => EmptyFormPages.RenderAsync(context, nameof(Index), ViewModel(form, policy, slots)));
    }

    [HttpPost("")]
    [FormBudget(RateLimits.Appeal, "send-appeal")]
    [RequireHuman("send-appeal")]
    public async Task<IActionResult> Index([Bind(Prefix = "Form")] AppealForm form, [FromServices] SubmitAppealHandler handler, CancellationToken cancellationToken)
    {
        var policy = await catalog.CurrentAsync(cancellationToken);
        if (ModelState.IsValid && form.PolicyVersion != policy.Number)
        {
            // A new version was published while the form was open: consent must be to the version actually shown.
            ModelState.Remove("Form.ConsentToProcessing");
            ModelState.Remove("Form.PolicyVersion");
            ModelState.AddModelError("Form.ConsentToProcessing", t["Validation_PolicyChanged", policy.Number]);
            form.ConsentToProcessing = false;
            form.PolicyVersion = policy.Number;
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(ViewModel(form, policy, emptyForms.StampsFor(HttpContext)));
        }

        PhoneNumberNormalizer.TryNormalize(form.Phone, out var phone);
        var receipt = await handler.HandleAsync(new SubmitAppeal(
                ContactRules.ToPersonName(form.LastName!, form.FirstName!, form.Patronymic),
                EmailAddressNormalizer.Normalize(form.Email!),
                phone,
                form.PreferredChannel!.Value,
                form.Topic!.Value,
                form.Message!.Trim(),
                form.ConsentToMarketing,
                SitePage.Culture,
                wording.Processing(SitePage.Culture, policy),
                wording.Marketing(SitePage.Culture),
                Analytics.GlobalPrivacyControl.Signalled(Request)),
            policy,
            cancellationToken);

        TempData["AppealSubmitted"] = true;
        return RedirectToAction("Show", "Receipts", new { culture = SitePage.Culture, id = receipt.Id });
    }

    /// <summary>The exact sentences beside the checkboxes; the ledger stores them word for word.</summary>
    private AppealViewModel ViewModel(AppealForm form, PolicyVersion policy, FormStamps stamps) =>
        new(form, policy.Number, wording.Processing(SitePage.Culture, policy), wording.Marketing(SitePage.Culture), stamps);
}

public sealed record AppealViewModel(AppealForm Form, int PolicyVersion, string ProcessingWording, string MarketingWording, FormStamps Stamps);
