using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Web.Features.Mail;
using PersonalDataPolicy.Web.Features.Operator;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Requests;

/// <summary>
/// Reminds whoever works on a request before its legal deadline (Requests:WarnWorkingDaysBefore, working days on the
/// fund's calendar), and tells the compliance officers when one is overdue (Law 94-V art. 25 p. 3 sub-p. 3: the
/// responsible person controls how subjects' requests are handled). Each alert is sent once per request and threshold:
/// a <see cref="DeadlineAlert"/> row commits with its mails, and a unique index refuses a second one.
/// </summary>
public sealed class DeadlineAlerts(AppDbContext db, RequestDeadlines deadlines, IOptions<RequestOptions> options, Outbox outbox, MailComposer mails,
    UserManager<StaffUser> users, PublicLinks links, TimeProvider clock, ILogger<DeadlineAlerts> logger)
{
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var open = await db.Requests.AsNoTracking()
            .Where(r => r.Status == RequestStatus.New || r.Status == RequestStatus.InProgress)
            .ToListAsync(cancellationToken);
        var openIds = open.Select(r => r.Id).ToList();
        var sent = (await db.DeadlineAlerts.AsNoTracking().Where(a => openIds.Contains(a.RequestId)).Select(a => new { a.RequestId, a.Kind, a.WorkingDaysBefore }).ToListAsync(cancellationToken))
            .Select(a => (a.RequestId, a.Kind, a.WorkingDaysBefore)).ToHashSet();

        var officers = (await users.GetUsersInRoleAsync(StaffRoles.ComplianceOfficer)).Where(Reachable).ToList();
        var alerts = 0;
        foreach (var request in open)
        {
            var due = Due(request, now, sent);
            if (due.Count == 0)
            {
                continue;
            }

            var link = links.Action("Show", "Requests", new { id = request.Id });
            var overdue = due[0].Kind == DeadlineAlertKind.Overdue;
            var assignee = request.AssignedTo is { } id && !overdue ? await users.FindByIdAsync(id) : null;
            IEnumerable<StaffUser> recipients = assignee is not null && Reachable(assignee) ? [assignee] : officers;
            foreach (var staff in recipients)
            {
                outbox.To(null, staff.Email!, MailKind.Notification, overdue
                    ? mails.RequestOverdue(staff.PreferredLanguage, request.Type, request.DueAt, link)
                    : mails.RequestDueSoon(staff.PreferredLanguage, request.Type, request.DueAt, deadlines.WorkingDaysLeft(now, request.DueAt), link));
            }

            db.DeadlineAlerts.AddRange(due);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                alerts++;
            }
            catch (DbUpdateException)
            {
                // Another round or instance sent this alert first; its mails stand, ours are dropped with the rows.
                db.ChangeTracker.Clear();
                logger.LogInformation("Deadline alert for request {RequestId} was already sent", request.Id);
            }
        }

        return alerts;
    }

    /// <summary>
    /// The alerts a request is due: the overdue one once past its deadline, else every threshold crossed and not yet sent
    /// (one mail covers them, so a request registered two days before its due date is not reminded twice at once).
    /// </summary>
    private List<DeadlineAlert> Due(DataSubjectRequest request, DateTimeOffset now, HashSet<(Guid, DeadlineAlertKind, int)> sent)
    {
        if (now > request.DueAt)
        {
            return sent.Contains((request.Id, DeadlineAlertKind.Overdue, 0)) ? [] : [new DeadlineAlert(request.Id, DeadlineAlertKind.Overdue, 0, now)];
        }

        var left = deadlines.WorkingDaysLeft(now, request.DueAt);
        return DeadlineAlert.CrossedThresholds(options.Value.WarnWorkingDaysBefore, left)
            .Where(threshold => !sent.Contains((request.Id, DeadlineAlertKind.DueSoon, threshold)))
            .Select(threshold => new DeadlineAlert(request.Id, DeadlineAlertKind.DueSoon, threshold, now))
            .ToList();
    }

    private static bool Reachable(StaffUser staff) => staff.IsActive && !string.IsNullOrEmpty(staff.Email);
}

/// <summary>Runs <see cref="DeadlineAlerts"/> on the maintenance interval, apart from the maintenance job so each can fail alone.</summary>
public sealed class DeadlineAlertWorker(IServiceScopeFactory scopes, IOptions<RequestOptions> options, TimeProvider clock, ILogger<DeadlineAlertWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Deadline alerts failed; will retry");
            }
        }
        while (await clock.WaitIntervalAsync(options.Value.MaintenanceInterval, stoppingToken));
    }

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DeadlineAlerts>().SendDueAsync(cancellationToken);
    }
}
