using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Retention;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Consents;
using PersonalDataPolicy.Web.Features.Mail;
using PersonalDataPolicy.Web.Features.Requests;

namespace PersonalDataPolicy.Web.Features.MyData;

/// <summary>
/// Policy §6.5, Law 94-V art. 8 p. 7: withdraws consent to processing (and with it marketing) and blocks the data at
/// once, so processing stops well inside the 15 working days the law allows. Destruction is scheduled for the day the
/// last legal basis to keep anything ends (art. 8 p. 2, art. 12 p. 2), and the person is told what is kept, why and until when.
/// </summary>
public sealed class WithdrawConsentHandler(
    AppDbContext db,
    ConsentLedger ledger,
    WithdrawalEvents withdrawals,
    RequestRegister requests,
    RequestDeadlines deadlines,
    PersonalDataLifecycle lifecycle,
    Outbox outbox,
    MailComposer mails,
    IOptions<RequestOptions> options,
    TimeProvider clock)
{
    /// <summary>What a withdrawal now would keep, and when everything would go (shown before the person decides).</summary>
    public async Task<RetentionPlan> PlanAsync(Guid subjectId, DateTimeOffset withdrawnAt, CancellationToken cancellationToken)
    {
        var lastAppeal = await db.Appeals.Where(a => a.SubjectId == subjectId).OrderByDescending(a => a.ReceivedAt)
            .Select(a => (DateTimeOffset?)a.ReceivedAt).FirstOrDefaultAsync(cancellationToken);
        var earliest = deadlines.EndOfTerm(withdrawnAt, new DeadlineTerm(options.Value.DestroyAfterWithdrawalWorkingDays, DayKind.Working));
        return RetentionSchedule.Plan(options.Value.RetentionRules, withdrawnAt, earliest, lastAppeal);
    }

    public async Task<RetentionPlan> HandleAsync(DataSubject subject, RequestChannel channel, string language, string evidence, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var consents = await ledger.StateOfAsync(subject.Id, cancellationToken);
        var events = new List<ConsentEvent>();
        if (consents.StatusOf(ConsentPurpose.MarketingNotifications) is ConsentStatus.Granted or ConsentStatus.Requested)
        {
            events.Add(await withdrawals.OptOutAsync(subject.Id, channel, language, evidence, cancellationToken));
        }

        events.Add(await withdrawals.WithdrawAsync(subject.Id, channel, language, evidence, cancellationToken));
        var plan = await PlanAsync(subject.Id, now, cancellationToken);
        await lifecycle.BlockAsync(subject.Id, BlockReason.ConsentWithdrawn, now, plan.DestroyAt, null, null, null, cancellationToken);
        requests.Completed(subject.Id, RequestType.Withdraw, channel);
        outbox.ToSubject(subject, MailKind.RightsResponse, mails.WithdrawalCompleted(language, plan));
        await ledger.CommitAsync(events, cancellationToken);
        return plan;
    }
}
