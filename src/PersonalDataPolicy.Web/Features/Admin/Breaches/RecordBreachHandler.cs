using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Breaches;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Requests;

namespace PersonalDataPolicy.Web.Features.Admin.Breaches;

/// <summary>Records a breach and starts its clock: the authorized body is to be told by the end of the next working day.</summary>
public sealed class RecordBreachHandler(AppDbContext db, RequestDeadlines deadlines, AuditTrail audit, TimeProvider clock)
{
    /// <summary>
    /// Law 94-V art. 25 p. 2 sub-p. 8: "within one working day ... from the moment a breach is discovered". Counted as the
    /// request terms are: the day of discovery is not counted, the term ends at midnight in Astana after the next working day.
    /// </summary>
    public static readonly DeadlineTerm AuthorityTerm = new(1, DayKind.Working);

    public async Task<BreachIncident> HandleAsync(BreachForm form, string staffUserId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var number = (await db.BreachIncidents.MaxAsync(i => (int?)i.Number, cancellationToken) ?? 0) + 1;
        var discovered = form.DiscoveredInstant;
        var incident = new BreachIncident(number, discovered, form.OccurredInstant, form.CategoryFlags, form.SubjectCount!.Value,
            form.Cause!, form.Consequences!, form.Measures!, staffUserId, now, deadlines.EndOfTerm(discovered, AuthorityTerm));
        db.BreachIncidents.Add(incident);
        audit.Record(AuditAction.RecordedBreach, null, AccessPurpose.LegalObligation,
            $"incident {number}: {incident.Categories}, {incident.SubjectCount} people, notify by {incident.NotifyAuthorityBy.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}");
        await db.SaveChangesAsync(cancellationToken);
        return incident;
    }
}
