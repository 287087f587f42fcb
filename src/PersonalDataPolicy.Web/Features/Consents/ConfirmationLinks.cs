using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Web.Features.Consents;

/// <summary>
/// Issues the links that prove a consent comes from whoever reads the address: one pending link per address and
/// purpose, none while the last one is younger than the resend interval, and at most <see cref="MaxPerDay"/> a day, so
/// the form cannot be used to flood someone's mailbox. Only the token's hash is stored; a link is used up atomically.
/// </summary>
public sealed class ConfirmationLinks(AppDbContext db, IOptions<ConsentOptions> options, TimeProvider clock)
{
    public const int MaxPerDay = 3;

    /// <summary>
    /// A new link for <paramref name="subjectId"/>, revoking the pending ones of <paramref name="pending"/>; or null
    /// when the last link went out less than the resend interval ago.
    /// </summary>
    public async Task<(VerificationToken Token, string Raw)?> IssueAsync(Guid subjectId, TokenPurpose purpose, string? receiptId,
        IQueryable<VerificationToken> pending, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var dayAgo = now.AddDays(-1);
        var recent = await pending.Where(t => t.Purpose == purpose && (t.UsedAt == null || t.CreatedAt > dayAgo)).ToListAsync(cancellationToken);
        var open = recent.Where(t => t.UsedAt == null).ToList();
        if (open.Any(t => t.CreatedAt > now - options.Value.ConfirmationResendInterval && t.ExpiresAt > now)
            || recent.Count(t => t.CreatedAt > dayAgo) >= MaxPerDay)
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

    /// <summary>
    /// Finds a valid link of <paramref name="purpose"/> and uses it up; the token is returned only to the one caller
    /// that used it (a second press, expired or unknown link: its state, and no token).
    /// </summary>
    public async Task<(TokenState State, VerificationToken? Token)> RedeemAsync(string? rawToken, TokenPurpose purpose, CancellationToken cancellationToken)
    {
        var token = await FindAsync(rawToken, purpose, cancellationToken);
        var state = token?.StateAt(clock.GetUtcNow()) ?? TokenState.Unknown;
        if (token is null || state != TokenState.Valid)
        {
            return (state, null);
        }

        return await ClaimAsync(token, cancellationToken) ? (state, token) : (TokenState.AlreadyUsed, null);
    }

    /// <summary>
    /// Uses the link up in one conditional update, so that of several presses at once exactly one goes on; the others
    /// see it as already used.
    /// </summary>
    private async Task<bool> ClaimAsync(VerificationToken token, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.VerificationTokens
            .Where(t => t.Id == token.Id && t.UsedAt == null && t.ExpiresAt >= now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken) == 1;
    }

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
