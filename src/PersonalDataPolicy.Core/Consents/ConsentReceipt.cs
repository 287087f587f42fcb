using System.Security.Cryptography;

namespace PersonalDataPolicy.Consents;

/// <summary>
/// Proof handed to a person for one submission's consents. Its id is 128 random bits: knowing it is
/// what lets someone open the receipt, so it must not be guessable.
/// </summary>
public sealed class ConsentReceipt
{
    private ConsentReceipt()
    {
        Id = Language = PolicyTextSha256 = string.Empty;
    }

    public ConsentReceipt(Guid subjectId, int policyVersion, string policyTextSha256, string language, ConsentChannel channel, DateTimeOffset issuedAt)
    {
        Id = NewId();
        SubjectId = subjectId;
        PolicyVersion = policyVersion;
        PolicyTextSha256 = policyTextSha256;
        Language = language;
        Channel = channel;
        IssuedAt = issuedAt;
    }

    public string Id { get; private set; }
    public Guid SubjectId { get; private set; }
    public int PolicyVersion { get; private set; }
    public string PolicyTextSha256 { get; private set; }
    public string Language { get; private set; }
    public ConsentChannel Channel { get; private set; }
    public DateTimeOffset IssuedAt { get; private set; }

    /// <summary>The owner of the address confirmed from their mailbox that the submission was theirs.</summary>
    public void JoinTo(Guid ownerId) => SubjectId = ownerId;

    public static bool IsWellFormedId(string? id) =>
        id is { Length: 22 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string NewId() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
