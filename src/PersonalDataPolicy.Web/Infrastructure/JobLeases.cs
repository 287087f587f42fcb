using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Leases;

namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>The "Leases" configuration section: how long an instance holds a singleton job without renewing it.</summary>
public sealed class LeaseOptions
{
    public const string SectionName = "Leases";

    /// <summary>
    /// A lease not renewed for this long is free for another instance: after a crash, the job resumes elsewhere within
    /// this period plus one check (a third of it). Instances' clocks must agree to well within it (NTP).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Leases:Period must be between 1 second and 10 minutes.")]
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the holder renews, and the others look for an expired lease.</summary>
    public TimeSpan CheckInterval => Period / 3;
}

/// <summary>
/// Leases in the database, one row per singleton job (issue 14): taken or renewed by one conditional update, so of
/// several instances exactly one sees "1 row" while the lease is live.
/// </summary>
public sealed class JobLeases(IServiceScopeFactory scopes, IOptions<LeaseOptions> options, TimeProvider clock)
{
    /// <summary>This instance; a restarted process is a new holder and waits for its old lease to expire like any other.</summary>
    public string Holder { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public LeaseOptions Options => options.Value;

    public TimeProvider Clock => clock;

    /// <summary>Takes the lease if it is free, expired or already ours, and extends it by a period. True when held.</summary>
    public async Task<bool> TryHoldAsync(string name, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow();
        var until = now + options.Value.Period;
        var taken = await db.Leases
            .Where(l => l.Name == name && (l.Holder == Holder || l.ExpiresAt <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, Holder).SetProperty(l => l.ExpiresAt, until), cancellationToken);
        if (taken == 1)
        {
            return true;
        }

        if (await db.Leases.AnyAsync(l => l.Name == name, cancellationToken))
        {
            return false;
        }

        // The job's first lease ever: of instances inserting at once, the primary key lets one through.
        db.Leases.Add(new Lease(name, Holder, until));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    /// <summary>
    /// On a clean stop: the lease row goes, so another instance takes the job at its next check (whatever its clock says
    /// of an expiry written by this one).
    /// </summary>
    public async Task ReleaseAsync(string name, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().Leases
            .Where(l => l.Name == name && l.Holder == Holder)
            .ExecuteDeleteAsync(cancellationToken);
    }
}

/// <summary>
/// A background job that must run on one instance at a time: it runs while this instance holds its lease, renews it
/// every <see cref="LeaseOptions.CheckInterval"/>, and is cancelled as soon as a renewal fails (lost, or the database
/// unreachable) — before the lease can expire and another instance start. The others check at the same interval and
/// take over once the lease has expired. The jobs tolerate the rare overlap of a holder frozen past its lease (they
/// are idempotent: marking overdue, destroying what is due, mail handled once by message id, verification read-only).
/// </summary>
public abstract class LeasedBackgroundService(JobLeases leases, ILogger logger) : BackgroundService
{
    /// <summary>The lease's name in the database.</summary>
    protected abstract string LeaseName { get; }

    /// <summary>False for a job switched off by configuration: it takes no lease at all.</summary>
    protected virtual bool Enabled => true;

    /// <summary>The job's own loop, cancelled when this instance stops or loses the lease.</summary>
    protected abstract Task RunWhileLeaderAsync(CancellationToken stoppingToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            if (await HoldAsync(stoppingToken))
            {
                logger.LogInformation("Lease {Lease} taken by this instance", LeaseName);
                await LeadAsync(stoppingToken);
            }

            if (!await TickAsync(stoppingToken))
            {
                return;
            }
        }
    }

    private Task<bool> TickAsync(CancellationToken stoppingToken) => leases.Clock.WaitIntervalAsync(leases.Options.CheckInterval, stoppingToken);

    private async Task LeadAsync(CancellationToken stoppingToken)
    {
        using var leadership = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var work = Task.Run(() => RunWhileLeaderAsync(leadership.Token), CancellationToken.None);
        try
        {
            // A job that finished on its own still holds its lease, so that it does not start again elsewhere.
            while (await TickAsync(stoppingToken))
            {
                if (!await HoldAsync(stoppingToken))
                {
                    logger.LogWarning("Lease {Lease} lost; the job stops on this instance", LeaseName);
                    return;
                }
            }
        }
        finally
        {
            await leadership.CancelAsync();
            try
            {
                await work;
            }
            catch (OperationCanceledException)
            {
                // Stopped as asked.
            }
            catch (Exception e)
            {
                logger.LogError(e, "Job {Lease} ended with an error", LeaseName);
            }

            if (stoppingToken.IsCancellationRequested)
            {
                await ReleaseQuietlyAsync();
            }
        }
    }

    private async Task<bool> HoldAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await leases.TryHoldAsync(LeaseName, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Lease {Lease} could not be checked ({Error}); not running the job meanwhile", LeaseName, e.GetType().Name);
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task ReleaseQuietlyAsync()
    {
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await leases.ReleaseAsync(LeaseName, deadline.Token);
        }
        catch (Exception e)
        {
            // It expires by itself within a period.
            logger.LogWarning("Lease {Lease} not released at stop ({Error})", LeaseName, e.GetType().Name);
        }
    }
}
