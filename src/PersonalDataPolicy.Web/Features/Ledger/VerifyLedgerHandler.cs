using System.Globalization;
using Microsoft.AspNetCore.Identity;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Web.Features.Mail;

namespace PersonalDataPolicy.Web.Features.Ledger;

/// <summary>
/// Verifies the consent ledger against its newest signed checkpoint (issue 10 §4). One use case for the scheduled job,
/// the compliance page and the verify-ledger command; only the first two record what they found.
/// </summary>
public sealed class VerifyLedgerHandler(IServiceScopeFactory scopes, LedgerCheckpoints checkpoints, TimeProvider clock, ILogger<VerifyLedgerHandler> logger)
    : IDisposable
{
    /// <summary>Who the audit log names for the scheduled verification.</summary>
    public const string ScheduledActor = "system:ledger-verification";

    // One recording verification at a time, so two runs that see the same new break cannot both mail the officers.
    private readonly SemaphoreSlim _recording = new(1, 1);

    public void Dispose() => _recording.Dispose();

    /// <summary>Reads only: for operators and cron, and for a copy of the database restored elsewhere.</summary>
    public async Task<LedgerVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await VerifyAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), cancellationToken);
    }

    /// <summary>The newest checkpoint whose signature verifies, wherever it is kept.</summary>
    public async Task<LedgerCheckpoint?> LastCheckpointAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var candidates = await checkpoints.NewestAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), cancellationToken);
        return LedgerVerifier.Newest(candidates.Where(checkpoints.IsGenuine));
    }

    /// <summary>
    /// Verifies and writes the result into the audit log: when intact, with a new signed checkpoint of the head; when broken,
    /// with the first broken place, and the first time this break is seen, a mail to every active compliance officer.
    /// </summary>
    public async Task<LedgerVerification> VerifyAndRecordAsync(string actor, string page, CancellationToken cancellationToken)
    {
        await _recording.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var before = await LedgerAlert.CurrentAsync(db, cancellationToken);
            var result = await VerifyAsync(db, cancellationToken);
            var now = clock.GetUtcNow();
            if (result.Break is { } broken)
            {
                var alert = LedgerAlert.From(broken, now);
                db.AuditLog.Add(new AuditEntry(actor, AuditAction.LedgerBroken, null, page, AccessPurpose.ComplianceReview, alert.Details, now));
                if (before?.Key != alert.Key)
                {
                    await MailComplianceOfficersAsync(scope.ServiceProvider, alert);
                }
            }
            else
            {
                db.AuditLog.Add(new AuditEntry(actor, AuditAction.VerifiedLedger, null, page, AccessPurpose.ComplianceReview, Summary(result), now));
                if (result.Head is { } head)
                {
                    checkpoints.RecordInAuditLog(db, head, actor, page);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            return result;
        }
        finally
        {
            _recording.Release();
        }
    }

    private async Task<LedgerVerification> VerifyAsync(AppDbContext db, CancellationToken cancellationToken) =>
        ConsentLedger.Verify(db, await checkpoints.NewestAsync(db, cancellationToken), checkpoints.IsGenuine);

    private async Task MailComplianceOfficersAsync(IServiceProvider services, LedgerAlert alert)
    {
        var users = services.GetRequiredService<UserManager<StaffUser>>();
        var outbox = services.GetRequiredService<Outbox>();
        var mails = services.GetRequiredService<MailComposer>();
        var officers = (await users.GetUsersInRoleAsync(StaffRoles.ComplianceOfficer)).Where(u => u.IsActive && !string.IsNullOrEmpty(u.Email)).ToList();
        foreach (var officer in officers)
        {
            outbox.To(null, officer.Email!, MailKind.Notification, mails.LedgerBroken(officer.PreferredLanguage, alert.Sequence, alert.Fault, alert.At));
        }

        logger.LogCritical("Consent ledger broken at #{Sequence} ({Fault}): {Reason}; {Officers} compliance officers notified", alert.Sequence, alert.Fault, alert.Reason, officers.Count);
    }

    private static string Summary(LedgerVerification result) =>
        string.Create(CultureInfo.InvariantCulture, $"intact, {result.EventsChecked} events") +
        (result.Checkpoint is { } c ? string.Create(CultureInfo.InvariantCulture, $", matches the checkpoint of #{c.Sequence} in the {LedgerCheckpoint.Describe(c.Source)}") : ", no checkpoint yet");
}
