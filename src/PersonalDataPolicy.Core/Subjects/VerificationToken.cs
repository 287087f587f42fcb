using System.Security.Cryptography;
using System.Text;

namespace PersonalDataPolicy.Subjects;

public enum TokenPurpose
{
    /// <summary>Opens the person's "my data" page.</summary>
    Access,

    /// <summary>Proves the person reads a new e-mail address before it replaces the old one (policy §6.4).</summary>
    EmailChange,

    /// <summary>Double opt-in: marketing consent is granted only when the owner of the address presses the button (§4.2).</summary>
    MarketingOptIn,

    /// <summary>The owner of an address confirms that an appeal sent with it is theirs; until then it changes nothing of theirs.</summary>
    AppealConfirmation,
}

/// <summary>
/// A single-use link sent by e-mail. Only the SHA-256 of the token is stored, so a copy of the database
/// cannot be used to open anybody's data.
/// </summary>
public sealed class VerificationToken
{
    private VerificationToken()
    {
        TokenHash = string.Empty;
    }

    private VerificationToken(Guid subjectId, TokenPurpose purpose, string tokenHash, DateTimeOffset now, TimeSpan lifetime, string? newEmail, string? nextStep, string? receiptId)
    {
        ReceiptId = receiptId;
        Id = Guid.NewGuid();
        SubjectId = subjectId;
        Purpose = purpose;
        TokenHash = tokenHash;
        CreatedAt = now;
        ExpiresAt = now + lifetime;
        NewEmail = newEmail;
        NextStep = nextStep;
    }

    public Guid Id { get; private set; }
    public Guid SubjectId { get; private set; }
    public TokenPurpose Purpose { get; private set; }
    public string TokenHash { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? UsedAt { get; private set; }

    /// <summary>For <see cref="TokenPurpose.EmailChange"/>: the address to take (encrypted at rest).</summary>
    public string? NewEmail { get; private set; }

    /// <summary>Where to take the person after opening the link (e.g. the withdrawal page for a request by e-mail).</summary>
    public string? NextStep { get; private set; }

    /// <summary>For a consent link: the receipt of the submission it confirms.</summary>
    public string? ReceiptId { get; private set; }

    /// <summary>Creates a token; the raw value goes into the link and is never stored.</summary>
    public static (VerificationToken Token, string RawToken) Issue(Guid subjectId, TokenPurpose purpose, DateTimeOffset now, TimeSpan lifetime,
        string? newEmail = null, string? nextStep = null, string? receiptId = null)
    {
        var raw = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (new VerificationToken(subjectId, purpose, Hash(raw), now, lifetime, newEmail, nextStep, receiptId), raw);
    }

    /// <summary>A newer link of the same kind replaces this one: one pending link per address.</summary>
    public void Revoke(DateTimeOffset now) => UsedAt ??= now;

    public static string Hash(string rawToken) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rawToken)));

    public TokenState StateAt(DateTimeOffset now) =>
        UsedAt is not null ? TokenState.AlreadyUsed : now > ExpiresAt ? TokenState.Expired : TokenState.Valid;

    public void Use(DateTimeOffset now)
    {
        var state = StateAt(now);
        if (state != TokenState.Valid)
        {
            throw new InvalidOperationException($"Token cannot be used: {state}.");
        }

        UsedAt = now;
    }
}

public enum TokenState
{
    Valid,
    Expired,
    AlreadyUsed,
    Unknown,
}
