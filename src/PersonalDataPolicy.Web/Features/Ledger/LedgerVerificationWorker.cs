using Microsoft.Extensions.Options;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Ledger;

/// <summary>
/// The scheduled verification of the consent ledger (Ledger:VerifyInterval, hourly by default, and once at start): the
/// result goes into the audit log with a fresh checkpoint, a break to the compliance officers. On one instance at a
/// time (its lease); the instance that takes it over verifies at once.
/// </summary>
public sealed class LedgerVerificationWorker(VerifyLedgerHandler handler, IOptions<LedgerOptions> options, TimeProvider clock, JobLeases leases, ILogger<LedgerVerificationWorker> logger)
    : LeasedBackgroundService(leases, logger)
{
    public const string Page = "scheduled ledger verification";

    public const string Lease = "ledger-verification";

    protected override string LeaseName => Lease;

    protected override async Task RunWhileLeaderAsync(CancellationToken stoppingToken)
    {
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Ledger verification failed to run; will retry");
            }
        }
        while (await clock.WaitIntervalAsync(options.Value.VerifyInterval, stoppingToken));
    }

    public async Task<LedgerVerification> RunOnceAsync(CancellationToken cancellationToken)
    {
        var result = await handler.VerifyAndRecordAsync(VerifyLedgerHandler.ScheduledActor, Page, cancellationToken);
        if (result.Break is { } broken)
        {
            logger.LogWarning("Consent ledger still broken at #{Sequence} ({Fault}): {Reason}", broken.Sequence, broken.Fault, broken.Reason);
        }

        return result;
    }
}
