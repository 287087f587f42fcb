using System.Globalization;
using System.Text;

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

    /// <param name="eventsInSequenceOrder">The whole ledger.</param>
    /// <param name="checkpoints">The newest checkpoints of each place they are kept; every one is checked.</param>
    /// <param name="isGenuine">Whether a checkpoint's signature verifies (the key ring is not the domain's business).</param>
    public static LedgerVerification Verify(IEnumerable<ConsentEvent> eventsInSequenceOrder, IEnumerable<LedgerCheckpoint> checkpoints, Func<LedgerCheckpoint, bool> isGenuine)
    {
        using var inMemory = new EventsInMemory(eventsInSequenceOrder);
        return Verify(inMemory, checkpoints, isGenuine);
    }

    /// <summary>One reader over the whole ledger.</summary>
    public static LedgerVerification Verify(IStoredLedger ledger, IEnumerable<LedgerCheckpoint> checkpoints, Func<LedgerCheckpoint, bool> isGenuine) =>
        Verify([ledger], checkpoints, isGenuine);

    /// <summary>
    /// The stored ledger as consecutive stretches in sequence order, each read on its own thread (a database that serves
    /// several readers at once is then read on every core). Each event stores its predecessor's hash, so every stretch
    /// checks its own events, and where two stretches meet, the first event of the later one is held against the last of
    /// the earlier one. The first stretch, in ledger order, with a break names it.
    /// </summary>
    public static LedgerVerification Verify(IReadOnlyList<IStoredLedger> stretchesInSequenceOrder, IEnumerable<LedgerCheckpoint> checkpoints, Func<LedgerCheckpoint, bool> isGenuine)
    {
        var signed = checkpoints.ToLookup(isGenuine);
        var latest = Newest(signed[true]);
        var genuineAt = new CheckpointsBySequence(signed[true]);
        var stretches = stretchesInSequenceOrder.Count == 1
            ? new[] { LedgerStretch.Check(stretchesInSequenceOrder[0], genuineAt) }
            : Task.WhenAll(stretchesInSequenceOrder.Select(rows =>
                Task.Factory.StartNew(() => LedgerStretch.Check(rows, genuineAt), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)))
                .GetAwaiter().GetResult();

        long checkedCount = 0;
        LedgerBreak? broken = null;
        long lastSequence = 0;
        var lastHash = Encoding.UTF8.GetBytes(ConsentEvent.GenesisHash);
        LedgerHead? head = null;
        foreach (var stretch in stretches.Where(s => s.Last is not null))
        {
            if (broken is null)
            {
                // The border: the stretch's first event follows the last event before it (the genesis for the first).
                broken = stretch.FirstSequence != lastSequence + 1 ? Gap(stretch.FirstSequence, lastSequence + 1)
                    : !stretch.FirstPreviousHash.AsSpan().SequenceEqual(lastHash) ? BrokenLink(stretch.FirstSequence)
                    : null;
                if (broken is null)
                {
                    checkedCount += stretch.Checked;
                    broken = stretch.Break;
                }
            }

            (lastSequence, lastHash) = (stretch.LastSequence, stretch.Last!);
            head = new LedgerHead(lastSequence, Encoding.UTF8.GetString(lastHash));
        }

        // The ledger's own breaks come first; a forged checkpoint is reported when the events themselves hold.
        broken ??= Truncation(head, latest) ?? Forgery(Newest(signed[false]));
        return new LedgerVerification(checkedCount, head, latest, broken);
    }

    /// <summary>The checkpoint that vouches for the most events (the later one when two vouch for the same).</summary>
    public static LedgerCheckpoint? Newest(IEnumerable<LedgerCheckpoint> checkpoints) =>
        checkpoints.OrderByDescending(c => c.Sequence).ThenByDescending(c => c.At).FirstOrDefault();

    internal static LedgerBreak Gap(long sequence, long expectedSequence) =>
        new(LedgerFault.SequenceGap, sequence, $"expected sequence {expectedSequence}, found {sequence}: an event is missing or out of place");

    internal static LedgerBreak BrokenLink(long sequence) =>
        new(LedgerFault.BrokenLink, sequence, "the previous-hash link does not match the event before it");

    internal static LedgerBreak ContentChanged(long sequence) =>
        new(LedgerFault.ContentChanged, sequence, "the event's content does not match its hash");

    internal static LedgerBreak DiffersFrom(long sequence, string hash, LedgerCheckpoint differing) =>
        new(LedgerFault.DiffersFromCheckpoint, sequence,
            $"the event's hash {Short(hash)} differs from {Short(differing.Hash)} signed by the checkpoint of {When(differing)} in the {LedgerCheckpoint.Describe(differing.Source)}: the ledger was rewritten at or before this event");

    private static LedgerBreak? Truncation(LedgerHead? head, LedgerCheckpoint? latest)
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

    private sealed class EventsInMemory(IEnumerable<ConsentEvent> events) : IStoredLedger, IDisposable
    {
        private readonly IEnumerator<ConsentEvent> _events = events.GetEnumerator();

        public void ReadInto(LedgerChunk chunk)
        {
            while (!chunk.IsFull && _events.MoveNext())
            {
                chunk.Add(_events.Current);
            }
        }

        public void Dispose() => _events.Dispose();
    }
}
