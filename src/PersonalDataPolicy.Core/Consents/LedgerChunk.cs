using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace PersonalDataPolicy.Consents;

/// <summary>
/// Up to <see cref="Capacity"/> consecutive events of the ledger as the UTF-8 text each hash is computed from, with the
/// sequence and hash each stores, and the sequence and hash of the event just before the chunk: all one core needs to
/// check the chunk on its own while the next one is read. Every event stores its predecessor's hash, so the only link
/// that crosses a border is the first event's, and it is checked against the predecessor carried in.
/// </summary>
public sealed class LedgerChunk
{
    public const int Capacity = 4096;

    private readonly NormalizedWordings _wordings;
    private readonly long[] _sequences = new long[Capacity];
    private readonly int[] _textEnds = new int[Capacity];
    private readonly int[] _previousHashLengths = new int[Capacity];
    private readonly int[] _hashEnds = new int[Capacity];
    private byte[] _text = new byte[Capacity * 768];
    private byte[] _hashes = new byte[Capacity * 64];
    private byte[] _predecessorHash = new byte[64];
    private int _predecessorHashLength;
    private long _predecessorSequence;
    private bool _linked;

    internal LedgerChunk(NormalizedWordings wordings) => _wordings = wordings;

    public int Count { get; private set; }

    public bool IsFull => Count == Capacity;

    internal long FirstSequence => _sequences[0];

    internal ReadOnlySpan<byte> FirstPreviousHash => _text.AsSpan(0, _previousHashLengths[0]);

    internal long LastSequence => _sequences[Count - 1];

    internal ReadOnlySpan<byte> LastHash => StoredHash(Count - 1);

    /// <summary>Empties the chunk for the events after <paramref name="sequence"/>, whose stored hash is <paramref name="hash"/>.</summary>
    internal void StartAfter(long sequence, ReadOnlySpan<byte> hash)
    {
        Count = 0;
        _linked = true;
        _predecessorSequence = sequence;
        Grow(ref _predecessorHash, hash.Length);
        hash.CopyTo(_predecessorHash);
        _predecessorHashLength = hash.Length;
    }

    /// <summary>
    /// Empties the chunk for the first events of a stretch read by another thread than the one before it: the first
    /// event's place and link are checked when the stretches are put together.
    /// </summary>
    internal void StartUnlinked()
    {
        Count = 0;
        _linked = false;
    }

    /// <summary>A row as stored: its text is written here exactly as <see cref="ConsentEvent"/> writes the text it hashes.</summary>
    // The hot loops of verification are compiled optimized at once: verify-ledger runs them once per process, and on a
    // busy machine tiered compilation reaches them late, if at all.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(scoped in StoredConsentEvent stored)
    {
        var wording = _wordings.Of(stored.Wording);
        var text = Reserve(stored.PreviousHash.Length + stored.Purpose.Length + stored.Action.Length + stored.PolicyTextSha256.Length + stored.Language.Length
            + stored.Channel.Length + wording.Length + stored.ReceiptId.Length + stored.Evidence.Length + 256);
        var writer = new HashedTextWriter(text);
        writer.Line(stored.PreviousHash);
        writer.Line(stored.Id);
        writer.Line(stored.Sequence);
        writer.Line(stored.SubjectId);
        writer.Line(stored.Purpose);
        writer.Line(stored.Action);
        writer.Line(stored.PolicyVersion);
        writer.Line(stored.PolicyTextSha256);
        writer.Line(stored.Language);
        writer.Line(stored.Channel);
        writer.Line(stored.OccurredAtUnixMilliseconds);
        writer.Line(wording);
        writer.Last(stored.ReceiptId);
        if (stored.HasEvidence)
        {
            writer.Evidence(stored.Evidence);
        }

        Commit(stored.Sequence, stored.PreviousHash.Length, writer.Written, stored.Hash);
    }

    /// <summary>An event already in memory (the domain's tests, a ledger given as objects).</summary>
    internal void Add(ConsentEvent consentEvent)
    {
        var text = Reserve(consentEvent.MostHashedTextBytes());
        var written = consentEvent.WriteHashedText(text);
        Span<byte> hash = stackalloc byte[Encoding.UTF8.GetMaxByteCount(consentEvent.Hash.Length)];
        hash = hash[..Encoding.UTF8.GetBytes(consentEvent.Hash, hash)];
        Commit(consentEvent.Sequence, Encoding.UTF8.GetByteCount(consentEvent.PreviousHash), written, hash);
    }

    /// <summary>
    /// The first event, in order, that breaks the chain (a gap, a broken link, content that no longer gives its hash) or
    /// differs from a genuine checkpoint at its place; with its index, so the caller can count the events before it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal (int Index, LedgerBreak Break)? FirstBreak(CheckpointsBySequence checkpoints)
    {
        // One hasher per chunk: the one-shot SHA256.HashData sets up a new OpenSSL context for every event.
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> hex = stackalloc byte[SHA256.HashSizeInBytes * 2];
        var expectedSequence = _predecessorSequence + 1;
        ReadOnlySpan<byte> expectedPrevious = _predecessorHash.AsSpan(0, _predecessorHashLength);
        var textStart = 0;
        for (var i = 0; i < Count; i++)
        {
            var sequence = _sequences[i];
            var text = _text.AsSpan(textStart, _textEnds[i] - textStart);
            var hash = StoredHash(i);
            textStart = _textEnds[i];
            if (i > 0 || _linked)
            {
                if (sequence != expectedSequence)
                {
                    return (i, LedgerVerifier.Gap(sequence, expectedSequence));
                }

                if (!text[.._previousHashLengths[i]].SequenceEqual(expectedPrevious))
                {
                    return (i, LedgerVerifier.BrokenLink(sequence));
                }
            }

            sha256.AppendData(text);
            sha256.GetHashAndReset(digest);
            if (!Convert.TryToHexStringLower(digest, hex, out _) || !hash.SequenceEqual(hex))
            {
                return (i, LedgerVerifier.ContentChanged(sequence));
            }

            if (checkpoints.Differing(sequence, hash) is { } differing)
            {
                return (i, differing);
            }

            expectedSequence = sequence + 1;
            expectedPrevious = hash;
        }

        return null;
    }

    private ReadOnlySpan<byte> StoredHash(int index)
    {
        var start = index == 0 ? 0 : _hashEnds[index - 1];
        return _hashes.AsSpan(start, _hashEnds[index] - start);
    }

    private Span<byte> Reserve(int most)
    {
        var start = Count == 0 ? 0 : _textEnds[Count - 1];
        Grow(ref _text, start + most);
        return _text.AsSpan(start, most);
    }

    private void Commit(long sequence, int previousHashLength, int written, ReadOnlySpan<byte> hash)
    {
        if (IsFull)
        {
            throw new InvalidOperationException("The chunk is full.");
        }

        var hashStart = Count == 0 ? 0 : _hashEnds[Count - 1];
        Grow(ref _hashes, hashStart + hash.Length);
        hash.CopyTo(_hashes.AsSpan(hashStart));
        _hashEnds[Count] = hashStart + hash.Length;
        _textEnds[Count] = (Count == 0 ? 0 : _textEnds[Count - 1]) + written;
        _previousHashLengths[Count] = previousHashLength;
        _sequences[Count] = sequence;
        Count++;
    }

    private static void Grow(ref byte[] buffer, int needed)
    {
        if (needed > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(needed, buffer.Length * 2));
        }
    }

    /// <summary><c>PreviousHash + "\n" + CanonicalForm()</c> of <see cref="ConsentEvent"/>, written from the stored values.</summary>
    private ref struct HashedTextWriter(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;

        public int Written { get; private set; }

        public void Line(ReadOnlySpan<byte> text)
        {
            Last(text);
            NewLine();
        }

        public void Line(Guid value)
        {
            value.TryFormat(_destination[Written..], out var written, "D");
            Written += written;
            NewLine();
        }

        public void Line(long value)
        {
            value.TryFormat(_destination[Written..], out var written, default, CultureInfo.InvariantCulture);
            Written += written;
            NewLine();
        }

        public void Last(ReadOnlySpan<byte> text)
        {
            text.CopyTo(_destination[Written..]);
            Written += text.Length;
        }

        public void Evidence(ReadOnlySpan<byte> evidence)
        {
            Last("\nevidence:"u8);
            Last(evidence);
        }

        private void NewLine() => _destination[Written++] = (byte)'\n';
    }
}
