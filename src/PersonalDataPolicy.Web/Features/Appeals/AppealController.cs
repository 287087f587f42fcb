using System.Globalization;
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
public sealed class AppealController(PolicyCatalog catalog, SubmitAppealHandler handler, ConsentWording wording, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var policy = await catalog.CurrentAsync(cancellationToken);
        return View(ViewModel(new AppealForm { PolicyVersion = policy.Number }, policy));
    }

    [HttpPost("")]
    [FormBudget(RateLimits.Appeal, "send-appeal")]
    [RequireHuman("send-appeal")]
    public async Task<IActionResult> Index([Bind(Prefix = "Form")] AppealForm form, CancellationToken cancellationToken)
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
            return View(ViewModel(form, policy));
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
    private AppealViewModel ViewModel(AppealForm form, PolicyVersion policy) =>
        new(form, policy.Number, wording.Processing(SitePage.Culture, policy), wording.Marketing(SitePage.Culture));
}

public sealed record AppealViewModel(AppealForm Form, int PolicyVersion, string ProcessingWording, string MarketingWording);
