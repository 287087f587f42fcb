using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Mail;

namespace PersonalDataPolicy.Web.Features.Admin.Breaches;

/// <summary>
/// Tells each linked person not yet told, in their own language, through the outbox (in the same transaction as the
/// marks, so a mail is queued exactly once). Order No. 481 of 9 Aug 2024 (rules for notifying subjects): see
/// docs/data-protection.md#breaches for what could and could not be verified of its content.
/// </summary>
public sealed class NotifyBreachSubjectsHandler(AppDbContext db, Outbox outbox, MailComposer mails, AuditTrail audit, TimeProvider clock)
{
    /// <summary>How many mails were queued; null when the incident does not exist.</summary>
    public async Task<int?> HandleAsync(int number, CancellationToken cancellationToken)
    {
        var incident = await db.BreachIncidents.Include(i => i.Subjects).SingleOrDefaultAsync(i => i.Number == number, cancellationToken);
        if (incident is null)
        {
            return null;
        }

        var pending = incident.Subjects.Where(s => s.NotifiedAt is null).ToDictionary(s => s.SubjectId);
        var ids = pending.Keys.ToList();
        var people = await db.DataSubjects.Where(s => ids.Contains(s.Id) && (s.Status == SubjectStatus.Active || s.Status == SubjectStatus.Blocked)).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var person in people)
        {
            // Required by law, not chosen by the fund: sent even while the record is blocked, like an answer to a request.
            outbox.ToSubject(person, MailKind.RightsResponse, mails.BreachNotice(person.PreferredLanguage, incident.DiscoveredAt, incident.Categories));
            pending[person.Id].MarkNotified(now);
        }

        audit.Record(AuditAction.NotifiedBreachSubjects, null, AccessPurpose.LegalObligation, $"incident {number}: {people.Count} mails queued");
        await db.SaveChangesAsync(cancellationToken);
        return people.Count;
    }
}
