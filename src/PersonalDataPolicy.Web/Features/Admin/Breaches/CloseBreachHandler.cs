using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;

namespace PersonalDataPolicy.Web.Features.Admin.Breaches;

/// <summary>Closes an incident once the authorized body has been told; the record and its history stay.</summary>
public sealed class CloseBreachHandler(AppDbContext db, AuditTrail audit, TimeProvider clock)
{
    /// <summary>False when the incident does not exist, is closed, or the authorized body has not been told yet.</summary>
    public async Task<bool> HandleAsync(int number, string staffUserId, CancellationToken cancellationToken)
    {
        var incident = await db.BreachIncidents.SingleOrDefaultAsync(i => i.Number == number, cancellationToken);
        if (incident is null || !incident.IsOpen || incident.AuthorityNotifiedAt is null)
        {
            return false;
        }

        incident.Close(staffUserId, clock.GetUtcNow());
        audit.Record(AuditAction.ClosedBreach, null, AccessPurpose.LegalObligation, $"incident {number}");
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
