using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Registers;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Admin.Compliance;
using PersonalDataPolicy.Web.Features.Admin.Subjects;

namespace PersonalDataPolicy.Web.Features.Admin.Registers;

/// <summary>The "Registers" configuration section.</summary>
public sealed class RegistersOptions
{
    public const string SectionName = "Registers";

    /// <summary>
    /// ISO codes of states with adequate protection of personal data (policy §7.1). Empty by default: until the
    /// fund's lawyers set the list, every transfer needs written consent or a contract. Checked against ISO 3166-1 at start.
    /// </summary>
    public List<string> AdequateStates { get; set; } = [];
}

/// <summary>
/// The registers the policy implies: disclosures to third parties required by law (§6.2), cross-border transfers (§7)
/// and written consents to them (§7.2). The person is found by search, never typed as an identifier; each entry
/// shows who recorded it.
/// </summary>
[Route("admin/registers")]
[Authorize(Policy = StaffAccounts.Compliance)]
public sealed class RegistersController(AppDbContext db, UserManager<StaffUser> users, IOptions<RegistersOptions> options, AuditTrail audit) : AdminController
{
    private const string WrittenConsentEvidence = "document:";

    private static readonly string[] WrittenConsentHeader = ["Sequence", "RecordedAtUtc", "SubjectId", "Document", "PolicyVersion", "Language", "RecordedBy"];

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => View("Registers", await ModelAsync(null, null, [], cancellationToken));

    /// <summary>Finds the person an entry is about; the forms then offer the people found.</summary>
    [HttpPost("find")]
    public async Task<IActionResult> Find(SearchBy by, string? q, bool includeBlocked, [FromServices] SubjectFinder finder, CancellationToken cancellationToken)
    {
        var found = await finder.FindAsync(by, (q ?? string.Empty).Trim(), includeBlocked, cancellationToken);
        audit.Record(AuditAction.SearchedSubjects, null, details: $"by {by}, {found.Count} found");
        await db.SaveChangesAsync(cancellationToken);
        var model = await ModelAsync(null, found.Count == 0 ? "Registers_NobodyFound" : null, found, cancellationToken);
        return View("Registers", model with { SearchBy = by });
    }

    [HttpPost("disclosures")]
    public async Task<IActionResult> Disclose(RegisterForm form, [FromServices] RecordDisclosureHandler handler, CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(form, Categories(form), users.GetUserId(User)!, cancellationToken);
        return outcome switch
        {
            DisclosureOutcome.Recorded => Recorded(),
            DisclosureOutcome.UnknownSubject => await Problem(form, "Admin_UnknownSubject", cancellationToken),
            DisclosureOutcome.FutureDate => await Problem(form, "Registers_FutureDate", cancellationToken),
            _ => await Problem(form, "Admin_DisclosureNeedsBasis", cancellationToken),
        };
    }

    [HttpPost("transfers")]
    public async Task<IActionResult> Transfer(RegisterForm form, [FromServices] RecordTransferHandler handler, CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(form, Categories(form), users.GetUserId(User)!, cancellationToken);
        return outcome switch
        {
            TransferOutcome.Recorded => Recorded(),
            TransferOutcome.UnknownSubject => await Problem(form, "Admin_UnknownSubject", cancellationToken),
            TransferOutcome.Refused => await Problem(form, "Admin_TransferRefused", cancellationToken),
            TransferOutcome.UnknownCountry => await Problem(form, "Registers_UnknownCountry", cancellationToken),
            TransferOutcome.FutureDate => await Problem(form, "Registers_FutureDate", cancellationToken),
            _ => await Problem(form, "Admin_TransferInvalid", cancellationToken),
        };
    }

    /// <summary>Policy §7.2: a written consent to cross-border transfer, received on paper, goes into the ledger.</summary>
    [HttpPost("written-consent")]
    public async Task<IActionResult> WrittenConsent(Guid? subject, string? document, [FromServices] RecordWrittenConsentHandler handler, CancellationToken cancellationToken)
    {
        var valid = subject is not null && !string.IsNullOrWhiteSpace(document) && document.Length <= 100;
        return valid && await handler.HandleAsync(subject!.Value, document!, cancellationToken)
            ? Recorded()
            : await Problem(new RegisterForm { Subject = subject }, "Admin_ConsentNeedsDocument", cancellationToken);
    }

    /// <summary>The written consents as CSV (subject ids, document numbers, who recorded them), audited as an export.</summary>
    [HttpGet("written-consents.csv")]
    public async Task<IActionResult> WrittenConsentsCsv(CancellationToken cancellationToken)
    {
        var rows = await WrittenConsentsAsync(int.MaxValue, await StaffAsync(cancellationToken), cancellationToken);
        audit.Record(AuditAction.ExportedConsentHistory, null, AccessPurpose.ComplianceReview, "written consents to cross-border transfer");
        await db.SaveChangesAsync(cancellationToken);
        await CsvDownload.WriteAsync(Response, "written-consents", WrittenConsentHeader, rows, r =>
        [
            r.Sequence.ToString(CultureInfo.InvariantCulture), CsvDownload.Utc(r.At), r.SubjectId.ToString("D"), r.Document,
            r.PolicyVersion.ToString(CultureInfo.InvariantCulture), r.Language, r.RecordedBy,
        ], cancellationToken);
        return new EmptyResult();
    }

    private RedirectToActionResult Recorded()
    {
        TempData["AdminNotice"] = "Admin_Recorded";
        return RedirectToAction(nameof(Index));
    }

    private async Task<IActionResult> Problem(RegisterForm form, string errorKey, CancellationToken cancellationToken)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        // The person chosen before stays chosen, so the form can be corrected and sent again.
        var chosen = form.Subject is { } id
            ? await db.DataSubjects.AsNoTracking().Where(s => s.Id == id && (s.Status == SubjectStatus.Active || s.Status == SubjectStatus.Blocked)).ToListAsync(cancellationToken)
            : [];
        return View("Registers", await ModelAsync(form, errorKey, chosen, cancellationToken));
    }

    private static DataCategories Categories(RegisterForm form) =>
        (form.Categories ?? []).Aggregate(DataCategories.None, (all, one) => Enum.TryParse<DataCategories>(one, out var c) ? all | c : all);

    private Task<Dictionary<string, string>> StaffAsync(CancellationToken cancellationToken) =>
        users.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Email ?? u.Id, cancellationToken);

    /// <summary>
    /// Written consents are ledger events (staff channel, a document as evidence); who recorded each is the audit line
    /// written in the same transaction, matched by person and the nearest moment.
    /// </summary>
    private async Task<List<WrittenConsentRow>> WrittenConsentsAsync(int take, IReadOnlyDictionary<string, string> staff, CancellationToken cancellationToken)
    {
        var events = await db.ConsentEvents.AsNoTracking()
            .Where(e => e.Purpose == ConsentPurpose.CrossBorderTransfer && e.Channel == ConsentChannel.Staff && e.Evidence != null && e.Evidence.StartsWith(WrittenConsentEvidence))
            .OrderByDescending(e => e.Sequence).Take(take).ToListAsync(cancellationToken);
        var subjects = events.Select(e => e.SubjectId).Distinct().ToList();
        var recorded = await db.AuditLog.AsNoTracking().Where(a => a.Action == AuditAction.RecordedWrittenConsent && subjects.Contains(a.SubjectId!.Value))
            .Select(a => new { a.SubjectId, a.At, a.StaffUserId }).ToListAsync(cancellationToken);
        return [.. events.Select(e =>
        {
            var by = recorded.Where(a => a.SubjectId == e.SubjectId).MinBy(a => (a.At - e.OccurredAt).Duration())?.StaffUserId;
            return new WrittenConsentRow(e.Sequence, e.OccurredAt, e.SubjectId, e.Evidence![WrittenConsentEvidence.Length..], e.PolicyVersion, e.Language,
                by is null ? string.Empty : staff.GetValueOrDefault(by) ?? by);
        })];
    }

    private async Task<RegistersViewModel> ModelAsync(RegisterForm? form, string? errorKey, IReadOnlyList<DataSubject> candidates, CancellationToken cancellationToken)
    {
        var staff = await StaffAsync(cancellationToken);
        return new(
            await db.Disclosures.AsNoTracking().OrderByDescending(d => d.RecordedAt).Take(200).ToListAsync(cancellationToken),
            await db.CrossBorderTransfers.AsNoTracking().OrderByDescending(d => d.RecordedAt).Take(200).ToListAsync(cancellationToken),
            await WrittenConsentsAsync(200, staff, cancellationToken),
            staff, options.Value.AdequateStates, candidates, SearchBy.Email, form ?? new RegisterForm(), errorKey);
    }
}

public sealed class RegisterForm
{
    public Guid? Subject { get; set; }
    public string? Recipient { get; set; }
    public string? Law { get; set; }
    public string? Article { get; set; }
    public string? Country { get; set; }
    /// <summary>The ground of Law 94-V art. 16 p. 3 claimed when the state is not on the adequate list.</summary>
    public TransferBasis? Basis { get; set; }

    /// <summary>The ratified treaty, law (with article) or circumstance that establishes that ground.</summary>
    public string? Reference { get; set; }
    public DateOnly? Date { get; set; }
    public string[]? Categories { get; set; }
}

public sealed record WrittenConsentRow(long Sequence, DateTimeOffset At, Guid SubjectId, string Document, int PolicyVersion, string Language, string RecordedBy);

public sealed record RegistersViewModel(IReadOnlyList<Disclosure> Disclosures, IReadOnlyList<CrossBorderTransfer> Transfers, IReadOnlyList<WrittenConsentRow> WrittenConsents,
    IReadOnlyDictionary<string, string> Staff, IReadOnlyList<string> AdequateStates, IReadOnlyList<DataSubject> Candidates, SearchBy SearchBy, RegisterForm Form, string? ErrorKey);

/// <summary>The person a register form is about: one of those the search found, never a typed identifier.</summary>
public sealed record SubjectChoice(string Id, IReadOnlyList<DataSubject> Candidates, Guid? Chosen);
