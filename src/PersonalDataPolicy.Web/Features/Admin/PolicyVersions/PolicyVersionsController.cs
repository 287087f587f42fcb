using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Policies;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Mail;
using PersonalDataPolicy.Web.Features.Operator;
using PersonalDataPolicy.Web.Features.Policy;

namespace PersonalDataPolicy.Web.Features.Admin.PolicyVersions;

/// <summary>
/// New versions of the policy: drafted in kk/ru/en as Markdown, previewed, compared side by side with the current
/// version, and published by a compliance officer. People with an active consent are told by mail (docs).
/// </summary>
[Route("admin/policy")]
[Authorize(Policy = StaffAccounts.Compliance)]
public sealed class PolicyVersionsController(AppDbContext db, PolicyCatalog catalog, Outbox outbox, MailComposer mails, PublicLinks links, AuditTrail audit, TimeProvider clock,
    PublishedPolicies publishedPolicies) : AdminController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View("Versions", await db.PolicyVersions.AsNoTracking().Include(v => v.Texts).OrderByDescending(v => v.Number).ToListAsync(cancellationToken));

    /// <summary>A new draft starts as a copy of the current version.</summary>
    [HttpPost("drafts")]
    public async Task<IActionResult> NewDraft(CancellationToken cancellationToken)
    {
        if (await db.PolicyVersions.AnyAsync(v => v.State == PolicyVersionState.Draft, cancellationToken))
        {
            var existing = await db.PolicyVersions.Where(v => v.State == PolicyVersionState.Draft).Select(v => v.Number).FirstAsync(cancellationToken);
            return RedirectToAction(nameof(Edit), new { number = existing });
        }

        var current = await catalog.CurrentAsync(cancellationToken);
        var number = await db.PolicyVersions.MaxAsync(v => v.Number, cancellationToken) + 1;
        var draft = new PolicyVersion(number, Today.AddDays(30), current.Texts.Select(t => new PolicyText(t.Language, t.Title, t.Sections, t.MarkedSubjects)));
        db.PolicyVersions.Add(draft);
        audit.Record(AuditAction.CreatedPolicyDraft, null, AccessPurpose.ComplianceReview, $"version {number}, a copy of version {current.Number}");
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToAction(nameof(Edit), new { number });
    }

    [HttpGet("{number:int}")]
    public async Task<IActionResult> Edit(int number, CancellationToken cancellationToken)
    {
        var draft = await DraftAsync(number, cancellationToken);
        return draft is null ? NotFound() : View("Edit", DraftForm.From(draft));
    }

    [HttpPost("{number:int}")]
    public async Task<IActionResult> Edit(int number, DraftForm form, CancellationToken cancellationToken)
    {
        var draft = await DraftAsync(number, cancellationToken, tracked: true);
        if (draft is null)
        {
            return NotFound();
        }

        var parsed = SiteLanguages.All.ToDictionary(l => l, l => PolicyMarkdown.Parse(form.Markdown.GetValueOrDefault(l)));
        var errors = parsed.SelectMany(p => p.Value.Errors.Select(e => (Language: p.Key, e.Key, e.Argument))).ToList();
        if (form.EffectiveFrom is not { } effective || effective <= Today)
        {
            errors.Add((string.Empty, "PolicyMd_EffectiveDate", 0));
        }

        var subjects = SiteLanguages.All.ToDictionary(l => l, l => new MarkedEmailSubjects(
            form.OptOut.GetValueOrDefault(l)?.Trim() ?? string.Empty, form.Update.GetValueOrDefault(l)?.Trim() ?? string.Empty, form.Withdraw.GetValueOrDefault(l)?.Trim() ?? string.Empty));
        foreach (var (language, marked) in subjects)
        {
            var text = parsed[language].IsValid ? PolicyText.CanonicalText(parsed[language].Title!, parsed[language].Sections) : string.Empty;
            if (parsed[language].IsValid && new[] { marked.OptOutOfMarketing, marked.UpdatePersonalData, marked.WithdrawConsent }.Any(s => s.Length == 0 || !text.Contains(s, StringComparison.Ordinal)))
            {
                // The marked subjects are what people type into an e-mail: they must appear in the text people read.
                errors.Add((language, "PolicyMd_MarkedSubjects", 0));
            }
        }

        if (errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Edit", form with { Number = number, Errors = errors });
        }

        draft.ReviseDraft(form.EffectiveFrom!.Value, SiteLanguages.All.Select(l => new PolicyText(l, parsed[l].Title!, parsed[l].Sections, subjects[l])));
        audit.Record(AuditAction.EditedPolicyDraft, null, AccessPurpose.ComplianceReview, $"version {number}, effective {form.EffectiveFrom:yyyy-MM-dd}");
        await db.SaveChangesAsync(cancellationToken);
        TempData["AdminNotice"] = "Admin_DraftSaved";
        return RedirectToAction(nameof(Preview), new { number });
    }

    /// <summary>The draft as visitors will see it, next to a line-by-line comparison with the current version, per language.</summary>
    [HttpGet("{number:int}/preview")]
    public async Task<IActionResult> Preview(int number, CancellationToken cancellationToken)
    {
        var draft = await DraftAsync(number, cancellationToken);
        if (draft is null)
        {
            return NotFound();
        }

        var current = await catalog.CurrentAsync(cancellationToken);
        var diffs = SiteLanguages.All.ToDictionary(l => l, l => SideBySideDiffBuilder.Diff(
            PolicyMarkdown.Format(current.TextIn(l)), PolicyMarkdown.Format(draft.TextIn(l)), ignoreWhiteSpace: false));
        var previews = SiteLanguages.All.ToDictionary(l => l, l => PolicyMarkdown.SanitizedHtml(PolicyMarkdown.Format(draft.TextIn(l))));
        return View("Preview", new PreviewViewModel(draft, current.Number, diffs, previews));
    }

    /// <summary>
    /// Publishes the draft: the current version becomes Superseded as of the draft's effective date, and everyone
    /// who still consents to processing is told by mail (suppression applies at send time).
    /// </summary>
    [HttpPost("{number:int}/publish")]
    public async Task<IActionResult> Publish(int number, CancellationToken cancellationToken)
    {
        var draft = await DraftAsync(number, cancellationToken, tracked: true);
        if (draft is null)
        {
            return NotFound();
        }

        var currentNumber = (await catalog.CurrentAsync(cancellationToken)).Number;
        var current = await db.PolicyVersions.Include(v => v.Texts).SingleAsync(v => v.Number == currentNumber, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        draft.Publish(current);
        await NotifyAsync(draft, cancellationToken);
        audit.Record(AuditAction.PublishedPolicy, null, AccessPurpose.ComplianceReview, $"version {draft.Number}, effective {draft.EffectiveFrom:yyyy-MM-dd}, supersedes version {current.Number}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // This instance's cached pages show the new version at once; other instances' within PublicPages:CacheLifetime.
        await publishedPolicies.ChangedAsync(cancellationToken);
        TempData["AdminNotice"] = "Admin_Published";
        return RedirectToAction(nameof(Index));
    }

    private async Task NotifyAsync(PolicyVersion published, CancellationToken cancellationToken)
    {
        var consenting = ConsentStates(await db.ConsentEvents.AsNoTracking()
            .Where(e => e.Purpose == ConsentPurpose.PersonalDataProcessing)
            .ToListAsync(cancellationToken));
        await foreach (var subject in db.DataSubjects.AsNoTracking().Where(s => s.Status == SubjectStatus.Active).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (consenting.Contains(subject.Id))
            {
                outbox.ToSubject(subject, MailKind.Notification, mails.PolicyChanged(subject.PreferredLanguage, published.Number, published.EffectiveFrom,
                    links.Action("Version", "Policy", new { culture = subject.PreferredLanguage, number = published.Number })));
            }
        }
    }

    private static HashSet<Guid> ConsentStates(IEnumerable<ConsentEvent> processingEvents) =>
        processingEvents.GroupBy(e => e.SubjectId)
            .Where(g => g.MaxBy(e => e.Sequence)!.Action == ConsentAction.Granted)
            .Select(g => g.Key)
            .ToHashSet();

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private async Task<PolicyVersion?> DraftAsync(int number, CancellationToken cancellationToken, bool tracked = false)
    {
        var query = db.PolicyVersions.Include(v => v.Texts).Where(v => v.Number == number && v.State == PolicyVersionState.Draft);
        return await (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(cancellationToken);
    }
}

public sealed record DraftForm
{
    public int Number { get; init; }
    public DateOnly? EffectiveFrom { get; init; }
    public Dictionary<string, string> Markdown { get; init; } = [];
    public Dictionary<string, string> OptOut { get; init; } = [];
    public Dictionary<string, string> Update { get; init; } = [];
    public Dictionary<string, string> Withdraw { get; init; } = [];
    public IReadOnlyList<(string Language, string Key, object Argument)> Errors { get; init; } = [];

    public static DraftForm From(PolicyVersion draft) => new()
    {
        Number = draft.Number,
        EffectiveFrom = draft.EffectiveFrom,
        Markdown = draft.Texts.ToDictionary(t => t.Language, PolicyMarkdown.Format),
        OptOut = draft.Texts.ToDictionary(t => t.Language, t => t.MarkedSubjects.OptOutOfMarketing),
        Update = draft.Texts.ToDictionary(t => t.Language, t => t.MarkedSubjects.UpdatePersonalData),
        Withdraw = draft.Texts.ToDictionary(t => t.Language, t => t.MarkedSubjects.WithdrawConsent),
    };
}

public sealed record PreviewViewModel(PolicyVersion Draft, int CurrentNumber, IReadOnlyDictionary<string, SideBySideDiffModel> Diffs, IReadOnlyDictionary<string, string> SanitizedHtml);
