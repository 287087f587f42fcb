using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Shared;

namespace PersonalDataPolicy.Web.Features.Consents;

/// <summary>A consent receipt, as a page and as JSON. Anyone with the unguessable id may read it; it shows no personal data but a masked e-mail.</summary>
[Route("{culture:culture}/consent/receipts")]
public sealed class ReceiptsController(AppDbContext db) : Controller
{
    [HttpGet("{id}")]
    public async Task<IActionResult> Show(string id, CancellationToken cancellationToken)
    {
        var receipt = await LoadAsync(id, cancellationToken);
        if (receipt is null)
        {
            return NotFound();
        }

        ViewData["Submitted"] = TempData["AppealSubmitted"] is true;
        return View(receipt);
    }

    [HttpGet("{id}.json")]
    public async Task<IActionResult> Json(string id, CancellationToken cancellationToken)
    {
        var receipt = await LoadAsync(id, cancellationToken);
        if (receipt is null)
        {
            return NotFound();
        }

        var policyUrl = $"{Request.Scheme}://{Request.Host}{SitePage.Url($"policy/versions/{receipt.Receipt.PolicyVersion}")}";
        return new JsonResult(KantaraReceipt.From(receipt, policyUrl));
    }

    private async Task<ReceiptViewModel?> LoadAsync(string id, CancellationToken cancellationToken)
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

        var events = await db.ConsentEvents.AsNoTracking()
            .Where(e => e.ReceiptId == id)
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken);
        var email = await db.DataSubjects.AsNoTracking()
            .Where(s => s.Id == receipt.SubjectId)
            .Select(s => s.Email)
            .FirstOrDefaultAsync(cancellationToken);
        return new ReceiptViewModel(receipt, events, email is null ? null : EmailAddressNormalizer.Mask(email));
    }
}

public sealed record ReceiptViewModel(ConsentReceipt Receipt, IReadOnlyList<ConsentEvent> Events, string? MaskedEmail)
{
    public ConsentEvent? For(ConsentPurpose purpose) => Events.FirstOrDefault(e => e.Purpose == purpose);
}
