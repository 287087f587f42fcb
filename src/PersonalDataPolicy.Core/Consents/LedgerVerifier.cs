using System.Globalization;

namespace PersonalDataPolicy.Consents;

/// <summary>What is wrong at the first broken place of the ledger.</summary>
public enum LedgerFault
{
    /// <summary>An event is missing in the middle, or another stands in its place.</summary>
    SequenceGap,

    /// <summary>The event does not link to the one before it.</summary>
    BrokenLink,

    /// <summary>The event's content no longer matches its own hash: edited in place.</summary>
    ContentChanged,

    /// <summary>The ledger ends before the newest signed checkpoint: its newest events were deleted.</summary>
    Truncated,

    /// <summary>The event at a checkpoint's place has another hash: the ledger was rewritten up to there, hashes and all.</summary>
    DiffersFromCheckpoint,

    /// <summary>A checkpoint whose signature does not verify: someone without the key ring wrote it.</summary>
    ForgedCheckpoint,
}

/// <summary>The first broken place: which event, what is wrong, in plain words.</summary>
public sealed record LedgerBreak(LedgerFault Fault, long Sequence, string Reason);

/// <summary>The newest stored event.</summary>
public sealed record LedgerHead(long Sequence, string Hash);

/// <summary>The outcome of recomputing the consent ledger's hash chain and checking it against the newest signed checkpoint.</summary>
public sealed record LedgerVerification(long EventsChecked, LedgerHead? Head, LedgerCheckpoint? Checkpoint, LedgerBreak? Break)
{
    public bool IsIntact => Break is null;

    public long? FirstBrokenSequence => Break?.Sequence;

    public string? Problem => Break?.Reason;
}

/// <summary>
/// Recomputes the chain event by event and stops checking at the first link that does not hold; then holds the chain
/// against the checkpoints. The chain finds an edit in place; the checkpoints find what the chain cannot: the newest events
/// deleted, or the end of the ledger rewritten with recomputed hashes.
/// </summary>
public static class LedgerVerifier
{
    /// <summary>The chain alone: finds edits in place, not a deleted or rewritten end.</summary>
    public static LedgerVerification Verify(IEnumerable<ConsentEvent> eventsInSequenceOrder) =>
        Verify(eventsInSequenceOrder, [], _ => false);

    /// <param name="eventsInSequenceOrder">The whole ledger, streamed.</param>
    /// <param name="checkpoints">The newest checkpoints of each place they are kept; every one is checked.</param>
    /// <param name="isGenuine">Whether a checkpoint's signature verifies (the key ring is not the domain's business).</param>
    public static LedgerVerification Verify(IEnumerable<ConsentEvent> eventsInSequenceOrder, IEnumerable<LedgerCheckpoint> checkpoints, Func<LedgerCheckpoint, bool> isGenuine)
    {
        var signed = checkpoints.ToLookup(isGenuine);
        var latest = Newest(signed[true]);
        var genuineAt = signed[true].ToLookup(c => c.Sequence);

        var expectedPrevious = ConsentEvent.GenesisHash;
        long expectedSequence = 1;
        long checkedCount = 0;
        ConsentEvent? last = null;
        LedgerBreak? broken = null;
        foreach (var (chunk, hashesMatch) in HashedInChunks(eventsInSequenceOrder))
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                var consentEvent = chunk[i];
                last = consentEvent;
                if (broken is not null)
                {
                    continue; // read on only to learn the head
                }

                broken = ChainBreak(consentEvent, expectedSequence, expectedPrevious, hashesMatch[i]) ?? CheckpointBreak(consentEvent, genuineAt[consentEvent.Sequence]);
                if (broken is null)
                {
                    checkedCount++;
                    expectedSequence++;
                    expectedPrevious = consentEvent.Hash;
                }
            }
        }

        // The ledger's own breaks come first; a forged checkpoint is reported when the events themselves hold.
        broken ??= Truncation(last, latest) ?? Forgery(Newest(signed[false]));
        return new LedgerVerification(checkedCount, last is null ? null : new LedgerHead(last.Sequence, last.Hash), latest, broken);
    }

    /// <summary>The checkpoint that vouches for the most events (the later one when two vouch for the same).</summary>
    public static LedgerCheckpoint? Newest(IEnumerable<LedgerCheckpoint> checkpoints) =>
        checkpoints.OrderByDescending(c => c.Sequence).ThenByDescending(c => c.At).FirstOrDefault();

    /// <summary>
    /// The events in chunks, each with whether every event's content still gives its hash. An event's own hash needs
    /// nothing of its neighbours, so one chunk is hashed on another core while the next is read; only the links are checked
    /// in order. A million events is then bound by reading them, not by SHA-256.
    /// </summary>
    private static IEnumerable<(List<ConsentEvent> Events, bool[] HashesMatch)> HashedInChunks(IEnumerable<ConsentEvent> events)
    {
        const int ChunkSize = 4096;
        (List<ConsentEvent> Events, Task<bool[]> Hashing)? previous = null;
        var chunk = new List<ConsentEvent>(ChunkSize);
        foreach (var consentEvent in events)
        {
            chunk.Add(consentEvent);
            if (chunk.Count < ChunkSize)
            {
                continue;
            }

            if (previous is { } ready)
            {
                yield return (ready.Events, ready.Hashing.GetAwaiter().GetResult());
            }

            var full = chunk;
            previous = (full, Task.Run(() => HashesMatch(full)));
            chunk = new List<ConsentEvent>(ChunkSize);
        }

        if (previous is { } lastFull)
        {
            yield return (lastFull.Events, lastFull.Hashing.GetAwaiter().GetResult());
        }

        if (chunk.Count > 0)
        {
            yield return (chunk, HashesMatch(chunk));
        }
    }

    private static bool[] HashesMatch(List<ConsentEvent> chunk)
    {
        var matches = new bool[chunk.Count];
        for (var i = 0; i < matches.Length; i++)
        {
            matches[i] = chunk[i].HashMatches();
        }

        return matches;
    }

    private static LedgerBreak? ChainBreak(ConsentEvent consentEvent, long expectedSequence, string expectedPrevious, bool hashMatches) =>
        consentEvent.Sequence != expectedSequence
            ? new(LedgerFault.SequenceGap, consentEvent.Sequence, $"expected sequence {expectedSequence}, found {consentEvent.Sequence}: an event is missing or out of place")
        : consentEvent.PreviousHash != expectedPrevious
            ? new(LedgerFault.BrokenLink, consentEvent.Sequence, "the previous-hash link does not match the event before it")
        : !hashMatches
            ? new(LedgerFault.ContentChanged, consentEvent.Sequence, "the event's content does not match its hash")
        : null;

    private static LedgerBreak? CheckpointBreak(ConsentEvent consentEvent, IEnumerable<LedgerCheckpoint> checkpointsHere) =>
        checkpointsHere.FirstOrDefault(c => c.Hash != consentEvent.Hash) is { } differing
            ? new(LedgerFault.DiffersFromCheckpoint, consentEvent.Sequence,
                $"the event's hash {Short(consentEvent.Hash)} differs from {Short(differing.Hash)} signed by the checkpoint of {When(differing)} in the {LedgerCheckpoint.Describe(differing.Source)}: the ledger was rewritten at or before this event")
            : null;

    private static LedgerBreak? Truncation(ConsentEvent? head, LedgerCheckpoint? latest)
    {
        var headSequence = head?.Sequence ?? 0;
        if (latest is null || latest.Sequence <= headSequence)
        {
            return null;
        }

        var ends = head is null ? "is empty" : $"ends at event #{headSequence}";
        var missing = latest.Sequence == headSequence + 1 ? $"event #{latest.Sequence} is missing" : $"events #{headSequence + 1}–#{latest.Sequence} are missing";
        return new(LedgerFault.Truncated, headSequence + 1,
            $"the ledger was truncated: it {ends}, but the checkpoint of {When(latest)} in the {LedgerCheckpoint.Describe(latest.Source)} vouches for #{latest.Sequence} ({missing})");
    }

    private static LedgerBreak? Forgery(LedgerCheckpoint? forged) =>
        forged is null ? null : new(LedgerFault.ForgedCheckpoint, forged.Sequence,
            $"the checkpoint for event #{forged.Sequence} dated {When(forged)} in the {LedgerCheckpoint.Describe(forged.Source)} has an invalid signature: this site did not write it");

    private static string When(LedgerCheckpoint checkpoint) => checkpoint.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;
}
