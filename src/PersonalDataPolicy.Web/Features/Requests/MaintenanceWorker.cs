using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Web.Features.Consents;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Requests;

/// <summary>
/// The scheduled jobs: marks requests past their legal deadline, destroys data whose time has come (each destruction with its
/// certificate and an audit line of the schedule, <see cref="PersonalDataLifecycle.DestroyDueAsync"/>). On one instance at
/// a time (its lease).
/// </summary>
public sealed class MaintenanceWorker(IServiceScopeFactory scopes, IOptions<RequestOptions> options, TimeProvider clock, JobLeases leases, ILogger<MaintenanceWorker> logger)
    : LeasedBackgroundService(leases, logger)
{
    public const string Lease = "maintenance";

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
                logger.LogError(e, "Maintenance round failed; will retry");
            }
        }
        while (await clock.WaitIntervalAsync(options.Value.MaintenanceInterval, stoppingToken));
    }

    public async Task<(int Overdue, int Destroyed)> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow();

        var late = await db.Requests
            .Where(r => !r.IsOverdue && (r.Status == RequestStatus.New || r.Status == RequestStatus.InProgress) && r.DueAt < now)
            .ToListAsync(cancellationToken);
        var overdue = late.Count(r => r.MarkOverdueIfLate(now));

        var unconfirmedBefore = now - scope.ServiceProvider.GetRequiredService<IOptions<ConsentOptions>>().Value.UnconfirmedRetention;
        var destroyed = await scope.ServiceProvider.GetRequiredService<PersonalDataLifecycle>().DestroyDueAsync(now, unconfirmedBefore, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (destroyed > 0)
        {
            await db.ForgetFreedPagesAsync(cancellationToken);
        }

        if (overdue > 0 || destroyed > 0)
        {
            logger.LogInformation("Maintenance: {Overdue} requests marked overdue, {Destroyed} subjects' personal data destroyed", overdue, destroyed);
        }

        return (overdue, destroyed);
    }
}
