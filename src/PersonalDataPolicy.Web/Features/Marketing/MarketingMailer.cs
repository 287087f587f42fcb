using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Web.Features.Mail;
using PersonalDataPolicy.Web.Features.Policy;

namespace PersonalDataPolicy.Web.Features.Marketing;

/// <summary>The same notification in each site language; the person gets theirs.</summary>
public sealed record MarketingMessage(IReadOnlyDictionary<string, (string Subject, IReadOnlyList<string> Paragraphs)> ByLanguage);

/// <summary>
/// Policy §4.2: queues notifications about new products, services and offers to people who opted in, each
/// with a List-Unsubscribe header (mailto with the policy's marked subject, and a one-click HTTPS link).
/// The dispatcher checks consent again at send time.
/// </summary>
public sealed class MarketingMailer(AppDbContext db, ConsentLedger ledger, Outbox outbox, MailComposer mails, UnsubscribeLinks links, PolicyCatalog policies, IOptions<MailOptions> options)
{
    public async Task<int> QueueAsync(MarketingMessage message, IReadOnlyCollection<Guid> subjectIds, CancellationToken cancellationToken)
    {
        var policy = await policies.CurrentAsync(cancellationToken);
        var subjects = await db.DataSubjects.Where(s => subjectIds.Contains(s.Id)).ToListAsync(cancellationToken);
        var states = await ledger.StatesOfAsync(subjectIds, cancellationToken);
        var queued = 0;
        foreach (var subject in subjects)
        {
            // Marketing needs a granted consent: a requested one (double opt-in not yet confirmed) queues nothing.
            var consents = states[subject.Id];
            if (MailSuppression.Reason(MailKind.Marketing, subject, consents) is not null || !message.ByLanguage.TryGetValue(subject.PreferredLanguage, out var content))
            {
                continue;
            }

            var optOutSubject = policy.TextIn(subject.PreferredLanguage).MarkedSubjects.OptOutOfMarketing;
            var url = links.Url(subject.Id, subject.PreferredLanguage);
            var listUnsubscribe = $"<mailto:{options.Value.RequestsAddress}?subject={Uri.EscapeDataString(optOutSubject)}>, <{url}>";
            outbox.ToSubject(subject, MailKind.Marketing, mails.Marketing(subject.PreferredLanguage, content.Subject, content.Paragraphs, url, optOutSubject), listUnsubscribe);
            queued++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return queued;
    }
}
