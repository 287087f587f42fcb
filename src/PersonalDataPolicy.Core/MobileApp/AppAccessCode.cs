using System.Globalization;
using System.Security.Cryptography;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.MobileApp;

public enum AccessCodeCheck
{
    Accepted,

    /// <summary>Wrong, expired, used up or out of attempts: the app is told only that the code did not work.</summary>
    Refused,
}

/// <summary>
/// A short code mailed to the address on record: typing it into the mobile app proves the person reads that mailbox, as
/// opening the "my data" link does on the website. One-time, short-lived, a few attempts; only its keyed hash is stored.
/// Once used, the row stands for the app's session: the session lives only while the row is on record.
/// </summary>
public sealed class AppAccessCode
{
    public const int Digits = 6;
    public const int MaxAttempts = 5;

    private AppAccessCode()
    {
        CodeHash = string.Empty;
    }

    private AppAccessCode(Guid subjectId, string codeHash, DateTimeOffset now, TimeSpan lifetime)
    {
        Id = Guid.NewGuid();
        SubjectId = subjectId;
        CodeHash = codeHash;
        CreatedAt = now;
        ExpiresAt = now + lifetime;
    }

    public Guid Id { get; private set; }
    public Guid SubjectId { get; private set; }
    public string CodeHash { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public int FailedAttempts { get; private set; }
    public DateTimeOffset? UsedAt { get; private set; }

    /// <summary>Creates a code; the digits go into the mail and are never stored.</summary>
    public static (AppAccessCode Code, string Digits) Issue(Guid subjectId, IBlindIndex blindIndex, DateTimeOffset now, TimeSpan lifetime)
    {
        var digits = RandomNumberGenerator.GetInt32(0, (int)Math.Pow(10, Digits)).ToString(new string('0', Digits), CultureInfo.InvariantCulture);
        return (new AppAccessCode(subjectId, Hash(blindIndex, subjectId, digits), now, lifetime), digits);
    }

    /// <summary>Keyed per person, so equal codes of two people never share a hash.</summary>
    public static string Hash(IBlindIndex blindIndex, Guid subjectId, string digits) =>
        blindIndex.Compute(BlindIndexKind.AccessCode, subjectId.ToString("D") + ":" + digits);

    public bool IsLive(DateTimeOffset now) => UsedAt is null && now <= ExpiresAt && FailedAttempts < MaxAttempts;

    /// <summary>A wrong try counts against the code; the right one uses it up.</summary>
    public AccessCodeCheck Check(string codeHash, DateTimeOffset now)
    {
        if (!IsLive(now))
        {
            return AccessCodeCheck.Refused;
        }

        if (!CryptographicOperations.FixedTimeEquals(Convert.FromHexString(codeHash), Convert.FromHexString(CodeHash)))
        {
            FailedAttempts++;
            return AccessCodeCheck.Refused;
        }

        UsedAt = now;
        return AccessCodeCheck.Accepted;
    }

    /// <summary>A newer code replaces this one: one live code per person.</summary>
    public void Revoke(DateTimeOffset now)
    {
        if (UsedAt is null)
        {
            FailedAttempts = MaxAttempts;
        }
    }
}
