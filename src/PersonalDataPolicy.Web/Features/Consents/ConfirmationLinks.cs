using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Web.Features.Consents;

/// <summary>
/// Issues the links that prove a consent comes from whoever reads the address: one pending link per address and
/// purpose, and none at all while the last one is younger than the resend interval (so the form cannot be used to
/// flood someone's mailbox). Only the token's hash is stored.
/// </summary>
public sealed class ConfirmationLinks(AppDbContext db, IOptions<ConsentOptions> options, TimeProvider clock)
{
    /// <summary>
    /// A new link for <paramref name="subjectId"/>, revoking the pending ones of <paramref name="pending"/>; or null
    /// when the last link went out less than the resend interval ago.
    /// </summary>
    public async Task<(VerificationToken Token, string Raw)?> IssueAsync(Guid subjectId, TokenPurpose purpose, string? receiptId,
        IQueryable<VerificationToken> pending, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var open = await pending.Where(t => t.Purpose == purpose && t.UsedAt == null).ToListAsync(cancellationToken);
        if (open.Any(t => t.CreatedAt > now - options.Value.ConfirmationResendInterval && t.ExpiresAt > now))
        {
            return null;
        }

        open.ForEach(t => t.Revoke(now));
        var issued = VerificationToken.Issue(subjectId, purpose, now, options.Value.ConfirmationLinkLifetime, receiptId: receiptId);
        db.VerificationTokens.Add(issued.Token);
        return issued;
    }

    /// <summary>The tokens of one subject.</summary>
    public IQueryable<VerificationToken> Of(Guid subjectId) => db.VerificationTokens.Where(t => t.SubjectId == subjectId);

    /// <summary>The tokens of every unconfirmed sender who typed <paramref name="ownerId"/>'s address: one pending link per address.</summary>
    public IQueryable<VerificationToken> ClaimingAddressOf(Guid ownerId) =>
        db.VerificationTokens.Where(t => db.DataSubjects.Any(s => s.Id == t.SubjectId && s.ClaimedSubjectId == ownerId));

    public async Task<VerificationToken?> FindAsync(string? rawToken, TokenPurpose purpose, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(rawToken) || rawToken.Length > 100)
        {
            return null;
        }

        var hash = VerificationToken.Hash(rawToken);
        return await db.VerificationTokens.SingleOrDefaultAsync(t => t.TokenHash == hash && t.Purpose == purpose, cancellationToken);
    }
}
