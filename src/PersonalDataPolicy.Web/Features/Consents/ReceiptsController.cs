using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Mail;
using PersonalDataPolicy.Web.Features.Operator;
using PersonalDataPolicy.Web.Features.Policy;
using PersonalDataPolicy.Web.Features.Requests;
using PersonalDataPolicy.Web.Features.Shared;

namespace PersonalDataPolicy.Web.Features.Consents;

/// <summary>
/// A consent receipt as a page, as a Kantara v1.1 receipt and as an ISO/IEC TS 27560 record. The unguessable id, mailed
/// only to the person, is what opens it; it shows the name as entered, so it is never cached or indexed.
/// </summary>
[Route("{culture:culture}/consent/receipts")]
public sealed class ReceiptsController(ReceiptQuery receipts, PublicLinks links, IStringLocalizer<SharedResource> t) : Controller
{
    internal static readonly JsonSerializerOptions KantaraJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        WriteIndented = true,
    };

    // ISO/IEC TS 27560 names its fields in snake_case (schema_version, pii_principal_id, …).
    internal static readonly JsonSerializerOptions IsoJson = new(KantaraJson) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public override void OnActionExecuting(ActionExecutingContext context)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
    }

    [HttpGet("{id}")]
    public async Task<IActionResult> Show(string id, CancellationToken cancellationToken)
    {
        var receipt = await LoadAsync(id, SitePage.Culture, cancellationToken);
        if (receipt is null)
        {
            return NotFound();
        }

        ViewData["Submitted"] = TempData["AppealSubmitted"] is true;
        return View(receipt);
    }

    [HttpGet("{id:length(22)}.json")]
    public async Task<IActionResult> Json(string id, CancellationToken cancellationToken)
    {
        var receipt = await LoadAsync(id, SitePage.Culture, cancellationToken);
        return receipt is null ? NotFound() : new JsonResult(KantaraReceipt.From(receipt, SitePage.Culture, links, t), KantaraJson);
    }

    [HttpGet("{id:length(22)}.27560.json")]
    public async Task<IActionResult> Iso27560(string id, CancellationToken cancellationToken)
    {
        var receipt = await LoadAsync(id, SitePage.Culture, cancellationToken);
        return receipt is null ? NotFound() : new JsonResult(Iso27560Record.From(receipt, SitePage.Culture, links, t), IsoJson);
    }

    private Task<ReceiptViewModel?> LoadAsync(string id, string language, CancellationToken cancellationToken) =>
        receipts.LoadAsync(id, language, cancellationToken);
}
