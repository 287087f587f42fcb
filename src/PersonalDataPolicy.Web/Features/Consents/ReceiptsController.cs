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
public sealed class ReceiptsController(
    AppDbContext db,
    PolicyCatalog policies,
    PublicLinks links,
    IStringLocalizer<SharedResource> t,
    IOptions<OperatorOptions> operatorOptions,
    IOptions<MailOptions> mail,
    IOptions<RequestOptions> requests,
    IOptions<ConsentOptions> consents,
    TimeProvider clock) : Controller
{
    private static readonly JsonSerializerOptions KantaraJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        WriteIndented = true,
    };

    // ISO/IEC TS 27560 names its fields in snake_case (schema_version, pii_principal_id, …).
    private static readonly JsonSerializerOptions IsoJson = new(KantaraJson) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

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

    private async Task<ReceiptViewModel?> LoadAsync(string id, string language, CancellationToken cancellationToken)
    {
        if (!ConsentReceipt.IsWellFormedId(id))
        {
            return null;
        }

        var receipt = await db.ConsentReceipts.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (receipt is null)
        {
            return null;
        }

        // This receipt's events and what the person did about them afterwards (an opt-out or a withdrawal carries no receipt):
        // the receipt tells where each consent stands now. A later submission's consents belong to that submission's receipt.
        var first = await db.ConsentEvents.AsNoTracking().Where(e => e.ReceiptId == id).MinAsync(e => (long?)e.Sequence, cancellationToken);
        var events = first is null ? [] : await db.ConsentEvents.AsNoTracking()
            .Where(e => e.SubjectId == receipt.SubjectId && e.Sequence >= first && (e.ReceiptId == id || e.ReceiptId == null))
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken);
        var purposes = ReceiptViewModel.FormPurposes
            .Select(purpose => new ReceiptPurpose(purpose, id, events.Where(e => e.Purpose == purpose).ToList()))
            .ToList();

        // The appeal is stored with the receipt in one transaction, at the same moment: the name and address exactly as typed
        // that time, never the record's current ones. Shown only during the first days, for every receipt alike: an
        // appeal from an address nobody confirmed is destroyed then, and an old link must not tell the two apart.
        var withheld = receipt.IssuedAt < clock.GetUtcNow() - consents.Value.UnconfirmedRetention;
        var typed = withheld ? null : await db.Appeals.AsNoTracking()
            .Where(a => a.SubjectId == receipt.SubjectId && a.ReceivedAt == receipt.IssuedAt)
            .Select(a => new { a.ContactName, a.ContactEmail })
            .FirstOrDefaultAsync(cancellationToken);

        var current = await policies.CurrentAsync(cancellationToken);
        return new ReceiptViewModel(
            receipt,
            purposes,
            typed?.ContactName,
            string.IsNullOrEmpty(typed?.ContactEmail) ? null : EmailAddressNormalizer.Mask(typed.ContactEmail),
            operatorOptions.Value,
            mail.Value.RequestsAddress,
            current.TextIn(language).MarkedSubjects,
            requests.Value.DestroyAfterWithdrawalWorkingDays,
            withheld);
    }
}
