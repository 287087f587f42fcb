using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PersonalDataPolicy.Consents;

/// <summary>
/// One fact of the consent ledger: who (an opaque subject id, never personal data) granted or withdrew
/// which purpose, under which policy version, how, and with which words. Append-only; each event is
/// chained to the previous one by a SHA-256 hash so that any later edit is detectable.
/// </summary>
public sealed class ConsentEvent : IAppendOnly
{
    /// <summary>The "previous hash" of the first event of the ledger.</summary>
    public static readonly string GenesisHash = new('0', 64);

    private ConsentEvent()
    {
        Language = Wording = PolicyTextSha256 = PreviousHash = Hash = string.Empty;
    }

    public ConsentEvent(
        Guid subjectId,
        ConsentPurpose purpose,
        ConsentAction action,
        int policyVersion,
        string policyTextSha256,
        string language,
        ConsentChannel channel,
        DateTimeOffset occurredAt,
        string wording,
        string? receiptId,
        string? evidence = null)
    {
        Id = Guid.NewGuid();
        SubjectId = subjectId;
        Purpose = purpose;
        Action = action;
        PolicyVersion = policyVersion;
        PolicyTextSha256 = policyTextSha256;
        Language = language;
        Channel = channel;
        // Whole milliseconds: every provider stores them exactly, so the hash recomputes after a round trip.
        OccurredAt = new DateTimeOffset(occurredAt.UtcTicks - (occurredAt.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        Wording = wording;
        ReceiptId = receiptId;
        Evidence = evidence;
        PreviousHash = Hash = string.Empty;
    }

    public Guid Id { get; private set; }

    /// <summary>Position in the ledger, 1-based and gap-free; unique, so two concurrent appends cannot fork the chain.</summary>
    public long Sequence { get; private set; }
    public Guid SubjectId { get; private set; }
    public ConsentPurpose Purpose { get; private set; }
    public ConsentAction Action { get; private set; }
    public int PolicyVersion { get; private set; }
    public string PolicyTextSha256 { get; private set; }
    public string Language { get; private set; }
    public ConsentChannel Channel { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>The exact consent wording the person saw, in their language.</summary>
    public string Wording { get; private set; }
    public string? ReceiptId { get; private set; }

    /// <summary>
    /// How the person's own act is proven: <c>form:{receipt}</c> (ticked on a form), <c>link:{token id}</c> (pressed the
    /// button of a link mailed to the address on record), <c>mail:{message hash}</c>, <c>session:{token id}</c> (signed in
    /// through such a link), <c>staff:{user id}</c> or <c>document:{number}</c>.
    /// </summary>
    public string? Evidence { get; private set; }
    public string PreviousHash { get; private set; }
    public string Hash { get; private set; }

    /// <summary>
    /// The same consent, granted by <paramref name="subjectId"/> the owner of the address, who proved it by pressing the
    /// button of the link <paramref name="linkId"/> mailed there: same words, same policy text, e-mail as the channel.
    /// </summary>
    public ConsentEvent ConfirmedBy(Guid subjectId, Guid linkId, string? receiptId, DateTimeOffset now) =>
        new(subjectId, Purpose, ConsentAction.Granted, PolicyVersion, PolicyTextSha256, Language, ConsentChannel.Email, now, Wording, receiptId, $"link:{linkId:D}");

    /// <summary>
    /// Places the event after <paramref name="previous"/> (null for the first event) and seals it. Only the ledger calls
    /// this, and again only when a concurrent append took the place first and the event was not saved.
    /// </summary>
    public void ChainTo(ConsentEvent? previous)
    {
        Sequence = (previous?.Sequence ?? 0) + 1;
        PreviousHash = previous?.Hash ?? GenesisHash;
        Hash = ComputeHash();
    }

    public string ComputeHash()
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        HashInto(hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// Whether the stored hash is the one the content gives: the verifier's inner loop, so it allocates nothing for an
    /// ordinary event (the hashed text is written as UTF-8 straight into a stack buffer).
    /// </summary>
    public bool HashMatches()
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        HashInto(hash);
        Span<char> hex = stackalloc char[SHA256.HashSizeInBytes * 2];
        return Convert.TryToHexStringLower(hash, hex, out _) && Hash.AsSpan().SequenceEqual(hex);
    }

    /// <summary>SHA-256 of <c>PreviousHash + "\n" + CanonicalForm()</c>, without building either string.</summary>
    private void HashInto(Span<byte> hash)
    {
        const int StackLimit = 2048;
        var most = MostHashedTextBytes();
        byte[]? rented = null;
        var buffer = most <= StackLimit ? stackalloc byte[StackLimit] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(most));
        try
        {
            SHA256.HashData(buffer[..WriteHashedText(buffer)], hash);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Generous: the fixed fields take under 220 characters, and UTF-8 needs at most 3 bytes per UTF-16 character.</summary>
    internal int MostHashedTextBytes() =>
        3 * (PreviousHash.Length + PolicyTextSha256.Length + Language.Length + NormalizedWording().Length + (ReceiptId?.Length ?? 0) + (Evidence?.Length ?? 0)) + 512;

    /// <summary>
    /// <c>PreviousHash + "\n" + CanonicalForm()</c> as UTF-8, written straight into <paramref name="buffer"/> (at least
    /// <see cref="MostHashedTextBytes"/> long); returns the bytes written. <see cref="LedgerChunk"/> writes the same text
    /// from stored rows.
    /// </summary>
    internal int WriteHashedText(Span<byte> buffer)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (!System.Text.Unicode.Utf8.TryWrite(buffer, invariant,
                $"{PreviousHash}\n{Id:D}\n{Sequence}\n{SubjectId:D}\n{Purpose}\n{Action}\n{PolicyVersion}\n{PolicyTextSha256}\n{Language}\n{Channel}\n{OccurredAt.ToUnixTimeMilliseconds()}\n{NormalizedWording()}\n{ReceiptId}",
                out var written))
        {
            throw new InvalidOperationException("The canonical form did not fit its buffer.");
        }

        if (Evidence is not null)
        {
            if (!System.Text.Unicode.Utf8.TryWrite(buffer[written..], invariant, $"\nevidence:{Evidence}", out var more))
            {
                throw new InvalidOperationException("The canonical form did not fit its buffer.");
            }

            written += more;
        }

        return written;
    }

    private string NormalizedWording() => Wording.IsNormalized(NormalizationForm.FormC) ? Wording : Wording.Normalize(NormalizationForm.FormC);

    /// <summary>
    /// Every field but the hashes, one per line, in a fixed order and invariant formats. The evidence line is only
    /// there when the event has one, so events written before it existed keep their hashes.
    /// </summary>
    public string CanonicalForm() => Evidence is null ? CanonicalFields() : CanonicalFields() + "\nevidence:" + Evidence;

    private string CanonicalFields() => string.Join('\n',
        Id.ToString("D"),
        Sequence.ToString(CultureInfo.InvariantCulture),
        SubjectId.ToString("D"),
        Purpose.ToString(),
        Action.ToString(),
        PolicyVersion.ToString(CultureInfo.InvariantCulture),
        PolicyTextSha256,
        Language,
        Channel.ToString(),
        OccurredAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        Wording.Normalize(NormalizationForm.FormC),
        ReceiptId ?? string.Empty);
}
