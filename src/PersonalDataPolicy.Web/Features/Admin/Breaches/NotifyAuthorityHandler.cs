using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Breaches;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Web.Features.Operator;

namespace PersonalDataPolicy.Web.Features.Admin.Breaches;

/// <summary>
/// Marks the notification to the authorized body sent and stores the copy that was sent, in one transaction. After
/// this the incident's notification is shown from the copy only; a second mark is refused.
/// </summary>
public sealed class NotifyAuthorityHandler(AppDbContext db, UserManager<StaffUser> users, IOptions<OperatorOptions> fund, IStringLocalizer<SharedResource> t,
    AuditTrail audit, TimeProvider clock)
{
    public enum Outcome
    {
        Stored,
        NotFound,
        AlreadySent,
    }

    public async Task<Outcome> HandleAsync(int number, string language, string staffUserId, CancellationToken cancellationToken)
    {
        var incident = await db.BreachIncidents.SingleOrDefaultAsync(i => i.Number == number, cancellationToken);
        if (incident is null)
        {
            return Outcome.NotFound;
        }

        if (incident.AuthorityNotifiedAt is not null)
        {
            return Outcome.AlreadySent;
        }

        var now = clock.GetUtcNow();
        var notice = AuthorityNotice.Compose(incident, fund.Value, await StaffNameAsync(users, incident.RecordedBy), language, now, t);
        incident.MarkAuthorityNotified(staffUserId, now);
        db.BreachNotificationCopies.Add(new BreachNotificationCopy(incident.Id, language, notice.ToJson(), staffUserId, now));
        audit.Record(AuditAction.NotifiedAuthorityOfBreach, null, AccessPurpose.LegalObligation,
            $"incident {number}: copy stored in {language}, {(incident.NotifiedLate ? "late" : "on time")}");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Stored;
    }

    public static async Task<string> StaffNameAsync(UserManager<StaffUser> users, string staffUserId) =>
        (await users.FindByIdAsync(staffUserId)) is { } user ? (string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? staffUserId : user.DisplayName) : staffUserId;
}
