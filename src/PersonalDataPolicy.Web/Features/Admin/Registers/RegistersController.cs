using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Registers;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Policy;

namespace PersonalDataPolicy.Web.Features.Admin.Registers;

/// <summary>The "Registers" configuration section.</summary>
public sealed class RegistersOptions
{
    public const string SectionName = "Registers";

    /// <summary>
    /// ISO codes of states with adequate protection of personal data (policy §7.1). Empty by default: until the
    /// fund's lawyers set the list, every transfer needs written consent or a contract.
    /// </summary>
    public List<string> AdequateStates { get; set; } = [];
}

/// <summary>The registers the policy implies: disclosures to third parties required by law (§6.2) and cross-border transfers (§7).</summary>
[Route("admin/registers")]
[Authorize(Policy = StaffAccounts.Compliance)]
public sealed class RegistersController(AppDbContext db, UserManager<StaffUser> users, IOptions<RegistersOptions> options, AuditTrail audit, TimeProvider clock) : AdminController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => View("Registers", await ModelAsync(null, null, cancellationToken));

    [HttpPost("disclosures")]
    public async Task<IActionResult> Disclose(RegisterForm form, CancellationToken cancellationToken)
    {
        if (!await SubjectExistsAsync(form.Subject, cancellationToken))
        {
            return await Problem(form, "Admin_UnknownSubject", cancellationToken);
        }

        try
        {
            var disclosure = new Disclosure(form.Recipient ?? string.Empty, form.Law ?? string.Empty, form.Article ?? string.Empty, Categories(form),
                form.Subject!.Value, form.Date ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), users.GetUserId(User)!, clock.GetUtcNow());
            db.Disclosures.Add(disclosure);
            audit.Record(AuditAction.RecordedDisclosure, disclosure.SubjectId, AccessPurpose.LegalObligation, $"disclosure {disclosure.Id}");
        }
        catch (ArgumentException)
        {
            return await Problem(form, "Admin_DisclosureNeedsBasis", cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Recorded();
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

    private RedirectToActionResult Recorded()
    {
        TempData["AdminNotice"] = "Admin_Recorded";
        return RedirectToAction(nameof(Index));
    }

    private async Task<IActionResult> Problem(RegisterForm form, string errorKey, CancellationToken cancellationToken)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Registers", await ModelAsync(form, errorKey, cancellationToken));
    }

    private Task<bool> SubjectExistsAsync(Guid? subject, CancellationToken cancellationToken) =>
        subject is { } id ? db.DataSubjects.AnyAsync(s => s.Id == id && (s.Status == SubjectStatus.Active || s.Status == SubjectStatus.Blocked), cancellationToken) : Task.FromResult(false);

    private static DataCategories Categories(RegisterForm form) =>
        (form.Categories ?? []).Aggregate(DataCategories.None, (all, one) => Enum.TryParse<DataCategories>(one, out var c) ? all | c : all);

    private async Task<RegistersViewModel> ModelAsync(RegisterForm? form, string? errorKey, CancellationToken cancellationToken) => new(
        await db.Disclosures.AsNoTracking().OrderByDescending(d => d.RecordedAt).Take(200).ToListAsync(cancellationToken),
        await db.CrossBorderTransfers.AsNoTracking().OrderByDescending(d => d.RecordedAt).Take(200).ToListAsync(cancellationToken),
        options.Value.AdequateStates, form ?? new RegisterForm(), errorKey);
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

public sealed record RegistersViewModel(IReadOnlyList<Disclosure> Disclosures, IReadOnlyList<CrossBorderTransfer> Transfers, IReadOnlyList<string> AdequateStates, RegisterForm Form, string? ErrorKey);
