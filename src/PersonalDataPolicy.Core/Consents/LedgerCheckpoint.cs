using System.Globalization;

namespace PersonalDataPolicy.Consents;

/// <summary>Where a checkpoint was kept, outside the events table.</summary>
public enum CheckpointSource
{
    /// <summary>The file the compliance officers keep and back up (one line per commit).</summary>
    File,

    /// <summary>The append-only audit log (one per scheduled verification that passed).</summary>
    AuditLog,
}

/// <summary>
/// A signed statement "event #<see cref="Sequence"/> with <see cref="Hash"/> was the head of the ledger at <see cref="At"/>",
/// kept outside the events table (issue 10 §4). The chain alone proves that no event was edited in place; only a checkpoint
/// proves that none was deleted or rewritten at the end, because whoever can change the database can recompute hashes but
/// cannot sign.
/// </summary>
public sealed record LedgerCheckpoint(long Sequence, string Hash, DateTimeOffset At, string Signature, CheckpointSource Source)
{
    /// <summary>What the signature covers.</summary>
    public string SignedText => Canonical(Sequence, Hash, At);

    /// <summary>"sequence|hash|unix-ms": invariant, so a checkpoint signed on one machine verifies on any other.</summary>
    public static string Canonical(long sequence, string hash, DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"{sequence}|{hash}|{at.ToUnixTimeMilliseconds()}");

    public static string Describe(CheckpointSource source) => source switch
    {
        CheckpointSource.File => "checkpoint file",
        _ => "audit log",
    };
}
