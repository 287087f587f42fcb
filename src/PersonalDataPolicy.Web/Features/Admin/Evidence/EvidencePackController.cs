using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Web.Features.Admin.Subjects;

namespace PersonalDataPolicy.Web.Features.Admin.Evidence;

/// <summary>
/// A person's evidence pack, as a printable page and as JSON, for compliance officers only. Reached from the
/// person's record, opened for a purpose; the purpose travels with the link and every opening is audited.
/// </summary>
[Route("admin/subjects/{id:guid}")]
[Authorize(Policy = StaffAccounts.Compliance)]
public sealed class EvidencePackController(EvidencePackBuilder builder, AuditTrail audit, AppDbContext db) : AdminController
{
    public static readonly JsonSerializerOptions PackJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        WriteIndented = true,
    };

    [HttpGet("evidence")]
    public async Task<IActionResult> Show(Guid id, AccessPurpose? purpose, CancellationToken cancellationToken)
    {
        if (purpose is not { } why || !Enum.IsDefined(why))
        {
            return AskPurpose(id);
        }

        var pack = await BuildAuditedAsync(id, why, "html", cancellationToken);
        return pack is null ? NotFound() : View(pack);
    }

    [HttpGet("evidence.json")]
    public async Task<IActionResult> Download(Guid id, AccessPurpose? purpose, CancellationToken cancellationToken)
    {
        if (purpose is not { } why || !Enum.IsDefined(why))
        {
            return AskPurpose(id);
        }

        var pack = await BuildAuditedAsync(id, why, "json", cancellationToken);
        if (pack is null)
        {
            return NotFound();
        }

        Response.Headers.ContentDisposition = $"attachment; filename=\"evidence-{id:D}.json\"";
        return new JsonResult(pack, PackJson);
    }

    /// <summary>Without a purpose the record's own page asks for one, as for every opening of a person's data.</summary>
    private RedirectToActionResult AskPurpose(Guid id) => RedirectToAction(nameof(SubjectsController.Show), "Subjects", new { id });

    private async Task<EvidencePack?> BuildAuditedAsync(Guid id, AccessPurpose purpose, string format, CancellationToken cancellationToken)
    {
        var pack = await builder.BuildAsync(id, purpose, User.FindFirstValue(ClaimTypes.NameIdentifier)!, cancellationToken);
        if (pack is not null)
        {
            audit.Record(AuditAction.ExportedEvidencePack, id, purpose, format);
            await db.SaveChangesAsync(cancellationToken);
        }

        return pack;
    }
}
